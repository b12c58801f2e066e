--TEST--
Swoole\Http\Server: malformed requests get 400 (or 413, 417, 431, 501, 505) and a close; none reaches PHP
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux') die('skip needs Linux'); ?>
--FILE--
<?php
require __DIR__ . '/../include/http.inc';

$s = swt_http_start(<<<'PHP'
    $response->end('ok');
PHP, ['package_max_length' => 4096, 'http_max_header_size' => 1024]);

$cases = [
    'bad method' => ["G@T / HTTP/1.1\r\nHost: h\r\n\r\n", 400],
    'lower-case method' => ["get / HTTP/1.1\r\nHost: h\r\n\r\n", 400],
    'bad version' => ["GET / HTTP/1.x\r\nHost: h\r\n\r\n", 400],
    'version 3' => ["GET / HTTP/3.0\r\nHost: h\r\n\r\n", 505],
    'missing Host on 1.1' => ["GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", 400],
    'obs-fold' => ["GET / HTTP/1.1\r\nHost: h\r\nX-A: a\r\n  folded\r\n\r\n", 400],
    'CR in a value' => ["GET / HTTP/1.1\r\nHost: h\r\nX-A: a\rb\r\n\r\n", 400],
    'LF in a value' => ["GET / HTTP/1.1\r\nHost: h\r\nX-A: a\nb\r\n\r\n", 400],
    'NUL in a value' => ["GET / HTTP/1.1\r\nHost: h\r\nX-A: a\0b\r\n\r\n", 400],
    'NUL in the target' => ["GET /a\0b HTTP/1.1\r\nHost: h\r\n\r\n", 400],
    'Content-Length and Transfer-Encoding' => ["POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400],
    'two Content-Length values' => ["POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400],
    'chunk size overflow' => ["POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n1" . str_repeat('0', 16) . "\r\nx\r\n0\r\n\r\n", 400],
    'bad chunk' => ["POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n", 400],
    'unknown transfer coding' => ["POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n", 501],
    'unknown expectation' => ["POST / HTTP/1.1\r\nHost: h\r\nExpect: magic\r\nContent-Length: 1\r\n\r\nx", 417],
    'head too large' => ["GET / HTTP/1.1\r\nHost: h\r\nX-Big: " . str_repeat('a', 2000) . "\r\n\r\n", 431],
    'head never ends' => ["GET / HTTP/1.1\r\nHost: h\r\nX-Big: " . str_repeat('a', 2000), 431],
    'body too large' => ["POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5000\r\n\r\n", 413],
    'chunked body too large' => ["POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n801\r\n" . str_repeat('z', 2049) . "\r\n801\r\n" . str_repeat('z', 2049) . "\r\n0\r\n\r\n", 413],
    'TLS handshake' => ["\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03\r\n\r\n", 400],
];
foreach ($cases as $name => [$bytes, $status]) {
    $r = swt_http_raw($s->port, $bytes);
    $p = swt_http_parse($r['data']);
    swt_check($r['eof'] && count($p) === 1 && $p[0]['status'] === $status && $p[0]['headers']['connection'] === 'close',
        "$name: $status and close", substr($r['data'], 0, 80) . ($r['eof'] ? ' (closed)' : ' (open)'));
}
swt_check(swt_http_req_count($s) === 0, 'nothing reached PHP', (string) swt_http_req_count($s));

/* a good request before a bad one is answered first, then the 400 */
$r = swt_http_raw($s->port, "GET /good HTTP/1.1\r\nHost: h\r\n\r\nGET /bad HTTP/1.1\r\nHost: h\r\nX: a\r\n b\r\n\r\nGET /never HTTP/1.1\r\nHost: h\r\n\r\n");
$p = swt_http_parse($r['data']);
swt_check($r['eof'] && count($p) === 2 && $p[0]['status'] === 200 && $p[0]['body'] === 'ok' && $p[1]['status'] === 400,
    'good then bad: 200, then 400, then close', json_encode(array_column($p, 'status')));
swt_check(swt_http_req_count($s) === 1, 'only the good request reached PHP');
/* the server still serves */
$r = swt_http_raw($s->port, "GET /after HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
swt_check(swt_http_parse($r['data'])[0]['body'] === 'ok', 'still serving');
swt_check($s->stop() === 0, 'server stopped cleanly');
?>
--EXPECT--
ok - bad method: 400 and close
ok - lower-case method: 400 and close
ok - bad version: 400 and close
ok - version 3: 505 and close
ok - missing Host on 1.1: 400 and close
ok - obs-fold: 400 and close
ok - CR in a value: 400 and close
ok - LF in a value: 400 and close
ok - NUL in a value: 400 and close
ok - NUL in the target: 400 and close
ok - Content-Length and Transfer-Encoding: 400 and close
ok - two Content-Length values: 400 and close
ok - chunk size overflow: 400 and close
ok - bad chunk: 400 and close
ok - unknown transfer coding: 501 and close
ok - unknown expectation: 417 and close
ok - head too large: 431 and close
ok - head never ends: 431 and close
ok - body too large: 413 and close
ok - chunked body too large: 413 and close
ok - TLS handshake: 400 and close
ok - nothing reached PHP
ok - good then bad: 200, then 400, then close
ok - only the good request reached PHP
ok - still serving
ok - server stopped cleanly
