<?php
// An intranet status endpoint that any website may read: `*` without credentials.
// ruleid: cors-wildcard-origin
header("Access-Control-Allow-Origin: *");
header("Content-Type: application/json");
echo json_encode(["ok" => true]);
