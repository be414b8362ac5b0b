package shop.billing;

import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;

public class Invoices {
    private static final String DB_PASSWORD = "Fh38sKq0LpZ2";

    public Connection connect() throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://db.internal/billing", "billing", DB_PASSWORD);
    }

    public byte[] checksum(byte[] pdf) throws Exception {
        return MessageDigest.getInstance("MD5").digest(pdf);
    }
}
