<?php
// A plain PHP application with the mistakes the insecure-pattern rules look for. Labels: `ruleid:`.

// ruleid: debug-mode-enabled
ini_set('display_errors', '1');
// ruleid: cookie-flags-disabled
ini_set('session.cookie_secure', '0');

// ruleid: plaintext-url-in-code
$api = 'http://api.acme-payments.com/v1/charges';

$conn = mysqli_connect('db', 'app', getenv('DB_PASSWORD'), 'app');
$id = $_GET['id'];
// ruleid: php-sql-injection
$r = mysqli_query($conn, "SELECT * FROM users WHERE id = $id");
// ruleid: php-sql-injection
$pdo->query('SELECT * FROM orders WHERE customer = ' . $_GET['customer']);
// ruleid: php-sql-injection
$db->exec("DELETE FROM carts WHERE session = '{$_COOKIE['sid']}'");

$host = $_GET['host'];
// ruleid: php-command-injection
system("ping -c 1 " . $host);
// ruleid: php-command-injection
$out = shell_exec("nslookup $host");
// ruleid: php-command-injection
exec($_POST['cmd']);

// ruleid: open-redirect-from-request
header('Location: ' . $_GET['next']);

// ruleid: path-from-request
include($_GET['page'] . '.php');
// ruleid: path-from-request
echo file_get_contents($_GET['file']);

// ruleid: php-unserialize
$cart = unserialize($_COOKIE['cart']);
// ruleid: php-unserialize
$prefs = unserialize(base64_decode($_POST['prefs']));
// ruleid: php-unserialize
$obj = unserialize(file_get_contents('php://input'));

function store_password($password) {
    // ruleid: password-fast-hash-text, weak-hash-call
    return md5($password);
}

function sign($data) {
    // ruleid: weak-hash-call
    return hash('sha1', $data);
}

function hash_pw($salt, $user_password) {
    // ruleid: password-fast-hash-text
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
    // ruleid: insecure-random-token
    $token = md5(uniqid(mt_rand(), true));
    return $token;
}

function call($url) {
    $ch = curl_init($url);
    // ruleid: php-tls-verify-disabled
    curl_setopt($ch, CURLOPT_SSL_VERIFYPEER, false);
    // ruleid: php-tls-verify-disabled
    curl_setopt($ch, CURLOPT_SSL_VERIFYHOST, 0);
    return curl_exec($ch);
}

function stream($url) {
    // ruleid: php-tls-verify-disabled
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
