// A Kotlin Spring controller: Kotlin keeps the text rules (no tree-sitter grammar ships for it). Labels: `ruleid:`.
package com.acme.accounts

import java.io.File
import java.io.ObjectInputStream
import java.security.MessageDigest
import java.util.Random
import javax.servlet.http.Cookie
import javax.servlet.http.HttpServletRequest
import javax.servlet.http.HttpServletResponse
import org.apache.commons.codec.digest.DigestUtils

// ruleid: cors-wildcard-credentials-text
@CrossOrigin(origins = "*", allowCredentials = "true")
class AccountController(private val stmt: java.sql.Statement) {
    fun find(name: String) =
        // ruleid: java-sql-injection
        stmt.executeQuery("SELECT * FROM accounts WHERE name = '$name'")

    fun remove(id: String) {
        // ruleid: java-sql-injection
        stmt.executeUpdate("DELETE FROM accounts WHERE id = " + id)
    }

    fun byEmail(email: String) =
        stmt.executeQuery("SELECT * FROM accounts WHERE email = ?")

    fun ping(host: String) {
        // ruleid: java-command-injection
        Runtime.getRuntime().exec("ping -c 1 " + host)
        // ruleid: java-command-injection
        ProcessBuilder("sh", "-c", "nslookup " + host).start()
        // ruleid: java-command-injection
        Runtime.getRuntime().exec(String.format("dig %s", host))
        ProcessBuilder("ping", "-c", "1", host).start()
    }

    fun back(request: HttpServletRequest, response: HttpServletResponse) {
        // ruleid: open-redirect-from-request
        response.sendRedirect(request.getParameter("next"))
        response.sendRedirect("/home")
    }

    fun leave(request: HttpServletRequest, response: HttpServletResponse) {
        // ruleid: open-redirect-from-request
        response.sendRedirect(request.getParameter("returnTo"))
    }

    fun logout(request: HttpServletRequest, response: HttpServletResponse) {
        // ruleid: open-redirect-from-request
        response.sendRedirect(request.getParameter("after"))
    }

    fun avatar(request: HttpServletRequest): ByteArray {
        // ruleid: path-from-request
        val f = File(request.getParameter("name"))
        // ruleid: path-from-request
        val p = java.nio.file.Paths.get(request.getParameter("dir"))
        // ruleid: path-from-request
        val input = java.io.FileInputStream(request.getParameter("file"))
        return File("static/avatar.png").readBytes()
    }

    fun restore(request: HttpServletRequest): Any {
        // ruleid: java-unsafe-deserialization
        val input = ObjectInputStream(request.inputStream)
        // ruleid: java-unsafe-deserialization
        val decoder = java.beans.XMLDecoder(request.inputStream)
        // ruleid: java-unsafe-deserialization
        mapper.activateDefaultTyping(mapper.polymorphicTypeValidator)
        return input.readObject()
    }

    fun cors(registry: CorsRegistry, config: CorsConfiguration) {
        // ruleid: cors-wildcard-credentials-text
        registry.addMapping("/**").allowedOrigins("*").allowCredentials(true)
        // ruleid: cors-wildcard-credentials-text
        registry.addMapping("/api/**").allowedOrigins("*").allowedMethods("GET").allowCredentials(true)
        registry.addMapping("/public/**").allowedOrigins("https://app.acme.com").allowCredentials(true)
    }

    fun hash(password: String): String {
        // ruleid: password-fast-hash-text
        val a = DigestUtils.sha256Hex(password)
        // ruleid: password-fast-hash-text, java-weak-hash
        val b = DigestUtils.md5Hex(userPassword)
        // ruleid: password-fast-hash-text, java-weak-hash
        val c = DigestUtils.sha1(newPassword)
        return BCrypt.hashpw(password, BCrypt.gensalt())
    }

    fun tokens(): List<String> {
        // ruleid: insecure-random-token
        val resetToken = java.lang.Long.toHexString(Random().nextLong())
        // ruleid: insecure-random-token
        val sessionId = Random().nextInt().toString()
        // ruleid: insecure-random-token
        val apiKey = Random().nextLong().toString(16)
        val token = java.security.SecureRandom().nextLong().toString(16)
        return listOf(resetToken, sessionId, apiKey, token)
    }

    fun cookies(response: HttpServletResponse) {
        val session = Cookie("SESSION", "x")
        // ruleid: cookie-flags-disabled
        session.setSecure(false)
        // ruleid: cookie-flags-disabled
        session.setHttpOnly(false)
        val remember = Cookie("REMEMBER", "y")
        remember.setSecure(true)
        response.addCookie(session)
    }
}

class TrustAll : X509TrustManager {
    // ruleid: java-trust-all-certificates
    override fun checkServerTrusted(chain: Array<X509Certificate>, authType: String) {}
    override fun getAcceptedIssuers(): Array<X509Certificate> = arrayOf()
}

class Clients {
    // ruleid: java-trust-all-certificates
    val anyHost = HostnameVerifier { _, _ -> true }

    fun build(builder: OkHttpClient.Builder) {
        // ruleid: java-trust-all-certificates
        builder.hostnameVerifier(NoopHostnameVerifier.INSTANCE)
    }
}
