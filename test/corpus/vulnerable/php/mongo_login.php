<?php
require 'vendor/autoload.php';

$users = (new MongoDB\Client('mongodb://db:27017'))->app->users;
// `name[$ne]=x` in the form makes the value an operator.
// ruleid: tainted-nosql
$user = $users->findOne(['name' => $_POST['name'], 'token' => $_POST['token']]);
$count = $users->countDocuments(['name' => strval($_POST['name'])]);
echo json_encode(['ok' => $user !== null, 'count' => $count]);
