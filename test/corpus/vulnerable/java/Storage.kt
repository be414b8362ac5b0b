// Kotlin helpers. Labels: `ruleid:`.
package com.acme.storage

import java.security.MessageDigest
import java.io.File

class Storage {
    fun digest(data: ByteArray): ByteArray {
        // ruleid: java-weak-hash
        val md = MessageDigest.getInstance("SHA-1")
        return md.digest(data)
    }

    fun share(f: File) {
        // ruleid: chmod-world-writable
        java.nio.file.Files.setPosixFilePermissions(f.toPath(), PosixFilePermissions.fromString("rwxrwxrwx"))
    }

    fun purge(stmt: java.sql.Statement, id: String) {
        // ruleid: java-sql-injection
        stmt.executeUpdate("DELETE FROM blobs WHERE id = $id")
    }
}
