// An ASP.NET Core controller with the mistakes the insecure-pattern rules look for. Labels: `ruleid:`.
using System;
using System.Data.SqlClient;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Runtime.Serialization.Formatters.Binary;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc;
using Newtonsoft.Json;

public class OrdersController : Controller
{
    // ruleid: plaintext-url-in-code
    private const string Billing = "http://billing.acme-payments.com/api";

    public IActionResult Find(string name, SqlConnection conn)
    {
        // ruleid: tainted-sql
        var cmd = new SqlCommand("SELECT * FROM Orders WHERE Customer = '" + name + "'", conn);
        // ruleid: tainted-sql
        cmd.CommandText = $"DELETE FROM Carts WHERE Customer = '{name}'";
        return Ok(cmd.ExecuteReader());
    }

    public IActionResult Search(AppDb db, string email)
    {
        // ruleid: tainted-sql
        var users = db.Users.FromSqlRaw($"SELECT * FROM Users WHERE Email = '{email}'");
        return Ok(users);
    }

    public IActionResult Back()
    {
        // ruleid: tainted-redirect
        return Redirect(Request.Query["returnUrl"]);
    }

    public IActionResult Download()
    {
        // ruleid: tainted-path
        var text = File.ReadAllText(Request.Query["path"]);
        return Content(text);
    }

    public object Restore(Stream body)
    {
        // ruleid: tainted-deserialization
        return new BinaryFormatter().Deserialize(body);
    }

    public object Parse(string json)
    {
        // ruleid: tainted-deserialization
        var settings = new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.All };
        return JsonConvert.DeserializeObject(json, settings);
    }

    public object Legacy(string data)
    {
        var f = new System.Web.UI.LosFormatter();
        // ruleid: tainted-deserialization
        return f.Deserialize(data);
    }

    public byte[] Hash(byte[] data)
    {
        // ruleid: weak-hash-call
        using var md5 = MD5.Create();
        return md5.ComputeHash(data);
    }

    public byte[] Sha(byte[] data)
    {
        // ruleid: weak-hash-call
        using var sha = new SHA1CryptoServiceProvider();
        return sha.ComputeHash(data);
    }

    public SymmetricAlgorithm Cipher()
    {
        // ruleid: weak-cipher-text
        var des = TripleDES.Create();
        // ruleid: ecb-mode-text
        des.Mode = CipherMode.ECB;
        return des;
    }

    public Aes Aes()
    {
        var aes = System.Security.Cryptography.Aes.Create();
        // ruleid: static-iv-text
        aes.IV = new byte[16];
        return aes;
    }

    public RSA Keys()
    {
        // ruleid: rsa-small-key-text
        return new RSACryptoServiceProvider(512);
    }

    public byte[] Derive(string password, byte[] salt)
    {
        // ruleid: pbkdf2-low-iterations-text
        var kdf = new Rfc2898DeriveBytes(password, salt, 1000);
        return kdf.GetBytes(32);
    }

    public string SessionId()
    {
        // ruleid: weak-random-secret
        var sessionId = new Random().Next().ToString("x");
        return sessionId;
    }

    public void Ping(string host)
    {
        Console.WriteLine("pinging " + host);
    }

    public void Login(string user, string Password)
    {
        // ruleid: secret-logged
        Console.WriteLine("login " + user + " / " + Password);
    }

    public static void Configure(HttpClientHandler handler)
    {
        // ruleid: tls-verify-off
        handler.ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator;
        // ruleid: tls-verify-off
        ServicePointManager.ServerCertificateValidationCallback = (s, cert, chain, errors) => true;
        // ruleid: insecure-tls-protocol
        ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls11;
    }

    public static void Configure2(HttpClientHandler handler)
    {
        // ruleid: tls-verify-off
        handler.ServerCertificateCustomValidationCallback = (m, c, ch, e) => { return true; };
    }

    public static void Auth(JwtBearerOptions o, CookieAuthenticationOptions c)
    {
        o.TokenValidationParameters = new TokenValidationParameters
        {
            // ruleid: jwt-verification-disabled
            ValidateIssuerSigningKey = false,
            // ruleid: jwt-verification-disabled
            RequireSignedTokens = false,
        };
        // ruleid: cookie-flags-off
        c.Cookie.SecurePolicy = CookieSecurePolicy.None;
    }

    public static void Cors(CorsPolicyBuilder policy)
    {
        // ruleid: cors-credentials-any-origin
        policy.AllowAnyOrigin().AllowCredentials();
    }
}
