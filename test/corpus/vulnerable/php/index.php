<?php
// A plain PHP application with the mistakes the insecure-pattern rules look for. Labels: `ruleid:`.

// ruleid: debug-mode-on
ini_set('display_errors', '1');
// ruleid: cookie-flags-off
ini_set('session.cookie_secure', '0');

// ruleid: plaintext-url-in-code
$api = 'http://api.acme-payments.com/v1/charges';

$conn = mysqli_connect('db', 'app', getenv('DB_PASSWORD'), 'app');
$id = $_GET['id'];
// ruleid: tainted-sql
$r = mysqli_query($conn, "SELECT * FROM users WHERE id = $id");
// ruleid: tainted-sql
$pdo->query('SELECT * FROM orders WHERE customer = ' . $_GET['customer']);
// ruleid: tainted-sql
$db->exec("DELETE FROM carts WHERE session = '{$_COOKIE['sid']}'");

$host = $_GET['host'];
// ruleid: tainted-command
system("ping -c 1 " . $host);
// ruleid: tainted-command
$out = shell_exec("nslookup $host");
// ruleid: tainted-command
exec($_POST['cmd']);

// ruleid: tainted-redirect
header('Location: ' . $_GET['next']);

// ruleid: tainted-path
include($_GET['page'] . '.php');
// ruleid: tainted-path, tainted-ssrf
echo file_get_contents($_GET['file']);

// ruleid: tainted-deserialization
$cart = unserialize($_COOKIE['cart']);
// ruleid: tainted-deserialization
$prefs = unserialize(base64_decode($_POST['prefs']));
// ruleid: tainted-deserialization
$obj = unserialize(file_get_contents('php://input'));

function store_password($password) {
    // ruleid: password-weak-hash, weak-hash-call
    return md5($password);
}

function sign($data) {
    // ruleid: weak-hash-call
    return hash('sha1', $data);
}

function hash_pw($salt, $user_password) {
    // ruleid: password-weak-hash
    return hash('sha256', $user_password . $salt);
}

function encrypt($data, $key) {
    // ruleid: static-iv-text
    $iv = '1234567890123456';
    // ruleid: weak-cipher-text
    $legacy = openssl_encrypt($data, 'des-ede3-cbc', $key, 0, substr($iv, 0, 8));
    // ruleid: ecb-mode-text
    return openssl_encrypt($data, 'aes-256-ecb', $key);
}

function derive($pw, $salt) {
    // ruleid: pbkdf2-low-iterations-text
    return hash_pbkdf2('sha256', $pw, $salt, 1000, 64);
}

function token() {
    // ruleid: weak-random-secret
    $token = md5(uniqid(mt_rand(), true));
    return $token;
}

function call($url) {
    $ch = curl_init($url);
    // ruleid: tls-verify-off
    curl_setopt($ch, CURLOPT_SSL_VERIFYPEER, false);
    // ruleid: tls-verify-off
    curl_setopt($ch, CURLOPT_SSL_VERIFYHOST, 0);
    return curl_exec($ch);
}

function stream($url) {
    // ruleid: tls-verify-off
    $ctx = stream_context_create(['ssl' => ['verify_peer' => false]]);
    return file_get_contents($url, false, $ctx);
}

function fail(Exception $e) {
    // ruleid: stack-trace-to-client
    echo $e->getTraceAsString();
}

function share($file) {
    // ruleid: chmod-world-writable
    chmod($file, 0777);
}
