// A Spring/JDBC service with the mistakes the insecure-pattern rules look for. Labels: `ruleid:`.
package com.acme.app;

import java.io.*;
import java.net.URL;
import java.security.*;
import java.security.cert.X509Certificate;
import java.sql.*;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.net.ssl.*;
import javax.servlet.http.*;

// ruleid: cors-credentials-any-origin
@CrossOrigin(origins = "*", allowCredentials = "true")
public class UserController {
    private static final Logger log = LoggerFactory.getLogger(UserController.class);
    // ruleid: plaintext-url-in-code
    private static final String BILLING = "http://billing.acme-payments.com/api";

    public ResultSet find(Connection conn, HttpServletRequest request) throws SQLException {
        String name = request.getParameter("name");
        Statement stmt = conn.createStatement();
        // ruleid: tainted-sql
        return stmt.executeQuery("SELECT * FROM users WHERE name = '" + name + "'");
    }

    public void delete(Connection conn, String id) throws SQLException {
        // ruleid: tainted-sql
        conn.prepareStatement("DELETE FROM sessions WHERE user_id = " + id).execute();
    }

    public List<User> search(EntityManager em, String email) {
        // ruleid: tainted-sql
        return em.createQuery("SELECT u FROM User u WHERE u.email = '" + email + "'").getResultList();
    }

    public void ping(HttpServletRequest request) throws IOException {
        String host = request.getParameter("host");
        // ruleid: tainted-command
        Runtime.getRuntime().exec("ping -c 1 " + host);
        // ruleid: tainted-command
        new ProcessBuilder("sh", "-c", "nslookup " + host).start();
        // ruleid: tainted-command
        Runtime.getRuntime().exec(new String[]{"/bin/sh", "-c", host});
    }

    public void go(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // ruleid: tainted-redirect
        response.sendRedirect(request.getParameter("url"));
    }

    public byte[] read(HttpServletRequest request) throws IOException {
        // ruleid: tainted-path
        File f = new File(request.getParameter("name"));
        return java.nio.file.Files.readAllBytes(f.toPath());
    }

    public Object restore(HttpServletRequest request) throws Exception {
        // ruleid: tainted-deserialization
        ObjectInputStream in = new ObjectInputStream(request.getInputStream());
        return in.readObject();
    }

    public Object restoreXml(byte[] body) {
        // ruleid: tainted-deserialization
        java.beans.XMLDecoder d = new java.beans.XMLDecoder(new ByteArrayInputStream(body));
        return d.readObject();
    }

    public void configure(com.fasterxml.jackson.databind.ObjectMapper mapper) {
        // ruleid: tainted-deserialization
        mapper.enableDefaultTyping();
    }

    public String hash(String password) throws Exception {
        // ruleid: java-weak-hash
        MessageDigest md = MessageDigest.getInstance("MD5");
        return new String(md.digest(password.getBytes()));
    }

    public String fingerprint(byte[] cert) throws Exception {
        // ruleid: java-weak-hash
        return hex(MessageDigest.getInstance("SHA-1").digest(cert));
    }

    public String legacy(String password) {
        // ruleid: java-weak-hash, password-weak-hash
        return DigestUtils.md5Hex(password);
    }

    public Cipher cipher() throws Exception {
        // ruleid: weak-cipher-text
        return Cipher.getInstance("DESede/CBC/PKCS5Padding");
    }

    public Cipher aes() throws Exception {
        // ruleid: ecb-mode-text
        return Cipher.getInstance("AES");
    }

    public Cipher aesEcb() throws Exception {
        // ruleid: ecb-mode-text
        return Cipher.getInstance("AES/ECB/PKCS5Padding");
    }

    public IvParameterSpec iv() {
        // ruleid: static-iv-text
        return new IvParameterSpec(new byte[16]);
    }

    public IvParameterSpec iv2() {
        // ruleid: static-iv-text
        return new IvParameterSpec("0123456789abcdef".getBytes());
    }

    public KeyPair keys() throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
        // ruleid: rsa-small-key-text
        kpg.initialize(1024);
        return kpg.generateKeyPair();
    }

    public PBEKeySpec spec(char[] password, byte[] salt) {
        // ruleid: pbkdf2-low-iterations-text
        return new PBEKeySpec(password, salt, 10000, 256);
    }

    public String resetToken() {
        // ruleid: weak-random-secret
        String resetToken = Long.toHexString(new Random().nextLong());
        return resetToken;
    }

    public void login(String user, String password) {
        // ruleid: secret-logged
        log.info("login " + user + " with " + password);
    }

    public void fail(HttpServletResponse response, Exception e) throws IOException {
        // ruleid: stack-trace-to-client
        e.printStackTrace(response.getWriter());
    }

    public void cookie(HttpServletResponse response, String sid) {
        Cookie c = new Cookie("sid", sid);
        // ruleid: cookie-flags-off
        c.setHttpOnly(false);
        // ruleid: cookie-flags-off
        c.setSecure(false);
        response.addCookie(c);
    }

    public Claims parse(String token, Key key) {
        // ruleid: jwt-verification-disabled
        return Jwts.parser().setSigningKey(key).parse(token).getBody();
    }

    public SSLContext tls() throws Exception {
        // ruleid: insecure-tls-protocol
        SSLContext ctx = SSLContext.getInstance("TLSv1");
        return ctx;
    }
}

class TrustAll implements X509TrustManager {
    // ruleid: tls-verify-off
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}
    // ruleid: tls-verify-off
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}
    public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
}

class AnyHost implements HostnameVerifier {
    // ruleid: tls-verify-off
    public boolean verify(String hostname, SSLSession session) { return true; }
}

class Client {
    void build(HttpsURLConnection conn) {
        // ruleid: tls-verify-off
        conn.setHostnameVerifier((hostname, session) -> true);
    }
}
