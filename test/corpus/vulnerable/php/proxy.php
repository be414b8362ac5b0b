<?php
// A small proxy and XML endpoint. Labels: `ruleid:`.
$url = $_GET['url'];
// ruleid: tainted-ssrf
$ch = curl_init($url);
$fixed = curl_init('https://api.acme.com/status');

$doc = new DOMDocument();
// ruleid: xxe-enabled
$doc->loadXML(file_get_contents('php://input'), LIBXML_NOENT);
$doc->loadXML($body, LIBXML_NONET);

$xml = simplexml_load_string($body);
// ruleid: tainted-ldap-xpath
$nodes = $xml->xpath("//user[@name='" . $_GET['name'] . "']");

$ds = ldap_connect('ldaps://ldap.internal');
// ruleid: tainted-ldap-xpath
$found = ldap_search($ds, 'dc=acme,dc=com', '(uid=' . $_POST['uid'] . ')');
$escaped = ldap_search($ds, 'dc=acme,dc=com', '(uid=' . ldap_escape($_POST['uid'], '', LDAP_ESCAPE_FILTER) . ')');
