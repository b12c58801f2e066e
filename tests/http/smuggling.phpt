--TEST--
Swoole\Http\Server: request smuggling shapes get a 4xx/501 and a close, and never desync the stream
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux') die('skip needs Linux'); ?>
--FILE--
<?php
require __DIR__ . '/../include/http.inc';

/* Each request that reaches PHP is answered with what PHP saw, so a desync shows up as a wrong line. */
$s = swt_http_start(<<<'PHP'
    $response->end($request->server['request_method'] . ' ' . $request->server['request_uri'] . ' ' . strlen((string) $request->getContent()) . ':' . $request->getContent());
PHP, ['package_max_length' => 1 << 20]);

$post = "POST /p HTTP/1.1\r\nHost: h\r\n";
$te = "Transfer-Encoding: ";
$chunk = "3\r\nabc\r\n0\r\n\r\n";
/* every case ends with a request for /smuggled: it must never reach PHP */
$tail = "GET /smuggled HTTP/1.1\r\nHost: h\r\n\r\n";
$cases = [
    'TE then CL' => [$post . "{$te}chunked\r\nContent-Length: 3\r\n\r\n" . $chunk, 400],
    'CL then TE' => [$post . "Content-Length: 13\r\n{$te}chunked\r\n\r\n" . $chunk, 400],
    'two different Content-Length' => [$post . "Content-Length: 3\r\nContent-Length: 40\r\n\r\nabc", 400],
    'Content-Length list' => [$post . "Content-Length: 3, 3\r\n\r\nabc", 400],
    'Content-Length +3' => [$post . "Content-Length: +3\r\n\r\nabc", 400],
    'Content-Length -3' => [$post . "Content-Length: -3\r\n\r\nabc", 400],
    'Content-Length with an inner space' => [$post . "Content-Length: 1 3\r\n\r\nabc", 400],
    'Content-Length hex' => [$post . "Content-Length: 0x3\r\n\r\nabc", 400],
    'Content-Length 3.0' => [$post . "Content-Length: 3.0\r\n\r\nabc", 400],
    'Content-Length overflow' => [$post . "Content-Length: 18446744073709551619\r\n\r\nabc", 400],
    'Content-Length empty' => [$post . "Content-Length: \r\n\r\nabc", 400],
    'space before the colon' => [$post . "Transfer-Encoding : chunked\r\n\r\n" . $chunk, 400],
    'header line starting with a space' => [$post . " Transfer-Encoding: chunked\r\n\r\n" . $chunk, 400],
    'TE: chunked, identity' => [$post . "{$te}chunked, identity\r\n\r\n" . $chunk, 501],
    'TE: identity, chunked' => [$post . "{$te}identity, chunked\r\n\r\n" . $chunk, 501],
    'TE: xchunked' => [$post . "{$te}xchunked\r\n\r\n" . $chunk, 501],
    'TE: chunked-false' => [$post . "{$te}chunked-false\r\n\r\n" . $chunk, 501],
    'TE: "chunked"' => [$post . "{$te}\"chunked\"\r\n\r\n" . $chunk, 501],
    'TE: chunked with a vertical tab' => [$post . "{$te}chunked\x0b\r\n\r\n" . $chunk, 400],
    'TE twice' => [$post . "{$te}chunked\r\n{$te}chunked\r\n\r\n" . $chunk, 400],
    'TE on HTTP/1.0' => ["POST /p HTTP/1.0\r\n{$te}chunked\r\n\r\n" . $chunk, 400],
    'chunk size overflow (2^64 + 3)' => [$post . "{$te}chunked\r\n\r\n10000000000000003\r\nabc\r\n0\r\n\r\n", 400],
    'chunk size with a sign' => [$post . "{$te}chunked\r\n\r\n+3\r\nabc\r\n0\r\n\r\n", 400],
    'chunk size 0x3' => [$post . "{$te}chunked\r\n\r\n0x3\r\nabc\r\n0\r\n\r\n", 400],
    'chunk extension with a bare LF' => [$post . "{$te}chunked\r\n\r\n3;a=b\nabc\r\n0\r\n\r\n", 400],
    'chunk extension far too long' => [$post . "{$te}chunked\r\n\r\n3;" . str_repeat('e', 20000) . "\r\nabc\r\n0\r\n\r\n", 400],
    'chunk data longer than its size' => [$post . "{$te}chunked\r\n\r\n3\r\nabcd\r\n0\r\n\r\n", 400],
    'chunk lines with bare LF' => [$post . "{$te}chunked\r\n\r\n3\nabc\n0\n\n", 400],
    'last chunk ends with a bare LF' => [$post . "{$te}chunked\r\n\r\n3\r\nabc\r\n0\r\n\n", 400],
    'bare LF line ends' => ["GET /p HTTP/1.1\nHost: h\n\n", 400],
    'bare CR line ends' => ["GET /p HTTP/1.1\rHost: h\r\r", 400],
    'mixed LF in the head' => ["GET /p HTTP/1.1\r\nHost: h\nX-A: b\r\n\r\n", 400],
    'NUL in a header name' => ["GET /p HTTP/1.1\r\nHost: h\r\nX-\0A: b\r\n\r\n", 400],
    'NUL in a header value' => ["GET /p HTTP/1.1\r\nHost: h\r\nX-A: b\0\r\n\r\n", 400],
    'obs-fold' => ["GET /p HTTP/1.1\r\nHost: h\r\nX-A: b\r\n c\r\n\r\n", 400],
    'obs-fold of Transfer-Encoding' => [$post . "X-A: b\r\n\tTransfer-Encoding: chunked\r\n\r\n" . $chunk, 400],
    'trailer with a bare LF' => [$post . "{$te}chunked\r\n\r\n3\r\nabc\r\n0\r\nX: y\n\r\n", 400],
    'two Host headers' => ["GET /p HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400],
    'absolute URI without a path' => ["GET http://h HTTP/1.1\r\nHost: h\r\n\r\n", 400],
    'target with a space' => ["GET /a b HTTP/1.1\r\nHost: h\r\n\r\n", 400],
];
foreach ($cases as $name => [$bytes, $status]) {
    $r = swt_http_raw($s->port, $bytes . $tail);
    $p = swt_http_parse($r['data']);
    swt_check($r['eof'] && count($p) === 1 && ($p[0]['status'] ?? 0) === $status && ($p[0]['headers']['connection'] ?? '') === 'close',
        "$name: $status and close", json_encode(substr($r['data'], 0, 120)) . ($r['eof'] ? ' (closed)' : ' (open)'));
}
swt_check(swt_http_req_count($s) === 0, 'none of them reached PHP', (string) swt_http_req_count($s));

/* Valid shapes that look odd: they are served, with the body PHP sees framed exactly. */
$good = [
    'OWS around chunked' => [$post . "{$te}  chunked \t\r\n\r\n" . $chunk, 'POST /p 3:abc'],
    'Chunked in capitals' => [$post . "{$te}CHUNKED\r\n\r\n" . $chunk, 'POST /p 3:abc'],
    'chunk extensions' => [$post . "{$te}chunked\r\n\r\n3;name=\"v;x\";flag\r\nabc\r\n0;last\r\n\r\n", 'POST /p 3:abc'],
    'chunk size with leading zeros' => [$post . "{$te}chunked\r\n\r\n00000000000000000003\r\nabc\r\n0\r\n\r\n", 'POST /p 3:abc'],
    'trailer fields' => [$post . "{$te}chunked\r\n\r\n3\r\nabc\r\n0\r\nContent-Length: 99\r\nX-T: 1\r\n\r\n", 'POST /p 3:abc'],
    'absolute URI' => ["GET http://other.example/abs?q=1 HTTP/1.1\r\nHost: h\r\n\r\n", 'GET /abs 0:'],
    'same Content-Length twice' => [$post . "Content-Length: 3\r\nContent-Length: 3\r\n\r\nabc", 'POST /p 3:abc'],
    'Content-Length with leading zeros' => [$post . "Content-Length: 003\r\n\r\nabc", 'POST /p 3:abc'],
];
foreach ($good as $name => [$bytes, $want]) {
    $r = swt_http_raw($s->port, $bytes . "GET /next HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
    $p = swt_http_parse($r['data']);
    swt_check(count($p) === 2 && $p[0]['status'] === 200 && $p[0]['body'] === $want && $p[1]['body'] === 'GET /next 0:',
        "$name: served, then the next request", json_encode(array_map(fn($x) => ($x['status'] ?? '?') . ' ' . ($x['body'] ?? ''), $p)));
}

/*
 * A body of the wrong length: the server frames by Content-Length and nothing
 * else. A short body swallows the start of the next request (PHP sees it as
 * body bytes), and the rest of that request is then a malformed request line.
 */
$r = swt_http_raw($s->port, $post . "Content-Length: 10\r\n\r\nabc" . $tail);
$p = swt_http_parse($r['data']);
swt_check($r['eof'] && count($p) === 2 && $p[0]['body'] === 'POST /p 10:abcGET /sm' && $p[1]['status'] === 400,
    'short body: the next bytes are body, the rest is a 400', json_encode(array_map(fn($x) => ($x['status'] ?? '?') . ' ' . ($x['body'] ?? ''), $p)));
/* a long body: the extra bytes start the next request, which is then malformed */
$r = swt_http_raw($s->port, $post . "Content-Length: 3\r\n\r\nabcdef" . $tail);
$p = swt_http_parse($r['data']);
swt_check($r['eof'] && count($p) === 2 && $p[0]['body'] === 'POST /p 3:abc' && $p[1]['status'] === 400,
    'long body: 3 bytes are body, "defGET" is a 400', json_encode(array_map(fn($x) => ($x['status'] ?? '?') . ' ' . ($x['body'] ?? ''), $p)));
/* a GET with a body: the body is read and skipped, then the next request is served */
$r = swt_http_raw($s->port, "GET /g HTTP/1.1\r\nHost: h\r\nContent-Length: " . strlen($tail) . "\r\n\r\n" . $tail
    . "GET /last HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
$p = swt_http_parse($r['data']);
swt_check(count($p) === 2 && $p[0]['body'] === 'GET /g ' . strlen($tail) . ':' . $tail && $p[1]['body'] === 'GET /last 0:',
    'a GET whose body is a request: it stays body', json_encode(array_map(fn($x) => ($x['status'] ?? '?') . ' ' . ($x['body'] ?? ''), $p)));
/* a body that never completes: the client's close ends it, nothing reaches PHP */
$before = swt_http_req_count($s);
$c = swt_connect($s->port);
swt_write($c, $post . "Content-Length: 100\r\n\r\nabc");
usleep(200000);
fclose($c);
usleep(200000);
swt_check(swt_http_req_count($s) === $before, 'an incomplete body never reaches PHP');

swt_check(!preg_match('#^REQ /smuggled#m', $s->stdout()), '/smuggled never reached PHP as a request');
$r = swt_http_raw($s->port, "GET /after HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
swt_check((swt_http_parse($r['data'])[0]['body'] ?? '') === 'GET /after 0:', 'still serving');
swt_check($s->stop() === 0, 'server stopped cleanly');
?>
--EXPECT--
ok - TE then CL: 400 and close
ok - CL then TE: 400 and close
ok - two different Content-Length: 400 and close
ok - Content-Length list: 400 and close
ok - Content-Length +3: 400 and close
ok - Content-Length -3: 400 and close
ok - Content-Length with an inner space: 400 and close
ok - Content-Length hex: 400 and close
ok - Content-Length 3.0: 400 and close
ok - Content-Length overflow: 400 and close
ok - Content-Length empty: 400 and close
ok - space before the colon: 400 and close
ok - header line starting with a space: 400 and close
ok - TE: chunked, identity: 501 and close
ok - TE: identity, chunked: 501 and close
ok - TE: xchunked: 501 and close
ok - TE: chunked-false: 501 and close
ok - TE: "chunked": 501 and close
ok - TE: chunked with a vertical tab: 400 and close
ok - TE twice: 400 and close
ok - TE on HTTP/1.0: 400 and close
ok - chunk size overflow (2^64 + 3): 400 and close
ok - chunk size with a sign: 400 and close
ok - chunk size 0x3: 400 and close
ok - chunk extension with a bare LF: 400 and close
ok - chunk extension far too long: 400 and close
ok - chunk data longer than its size: 400 and close
ok - chunk lines with bare LF: 400 and close
ok - last chunk ends with a bare LF: 400 and close
ok - bare LF line ends: 400 and close
ok - bare CR line ends: 400 and close
ok - mixed LF in the head: 400 and close
ok - NUL in a header name: 400 and close
ok - NUL in a header value: 400 and close
ok - obs-fold: 400 and close
ok - obs-fold of Transfer-Encoding: 400 and close
ok - trailer with a bare LF: 400 and close
ok - two Host headers: 400 and close
ok - absolute URI without a path: 400 and close
ok - target with a space: 400 and close
ok - none of them reached PHP
ok - OWS around chunked: served, then the next request
ok - Chunked in capitals: served, then the next request
ok - chunk extensions: served, then the next request
ok - chunk size with leading zeros: served, then the next request
ok - trailer fields: served, then the next request
ok - absolute URI: served, then the next request
ok - same Content-Length twice: served, then the next request
ok - Content-Length with leading zeros: served, then the next request
ok - short body: the next bytes are body, the rest is a 400
ok - long body: 3 bytes are body, "defGET" is a 400
ok - a GET whose body is a request: it stays body
ok - an incomplete body never reaches PHP
ok - /smuggled never reached PHP as a request
ok - still serving
ok - server stopped cleanly
