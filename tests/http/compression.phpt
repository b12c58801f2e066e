--TEST--
Swoole\Http\Server: gzip and deflate by Accept-Encoding, min length, never twice, not for compressed types
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux') die('skip needs Linux'); if (!function_exists('gzdecode')) die('skip needs zlib to check'); ?>
--FILE--
<?php
require __DIR__ . '/../include/http.inc';

$s = swt_http_start(<<<'PHP'
    $text = str_repeat('compress me please ', 200);
    switch ($request->server['request_uri']) {
    case '/short':
        $response->end('tiny');
        break;
    case '/already':
        $response->header('Content-Encoding', 'gzip');
        $response->end(gzencode($text));
        break;
    case '/image':
        $response->header('Content-Type', 'image/png');
        $response->end($text);
        break;
    default:
        $response->end($text);
    }
PHP, ['http_compression_level' => 6, 'compression_min_length' => 100]);
$text = str_repeat('compress me please ', 200);
$c = swt_connect($s->port);
$get = fn ($uri, $ae) => swt_http_roundtrip($c, "GET $uri HTTP/1.1\r\nHost: h\r\n" . ($ae ? "Accept-Encoding: $ae\r\n" : '') . "\r\n");

$r = $get('/t', 'gzip, deflate, br');
swt_check($r['headers']['content-encoding'] === 'gzip' && gzdecode($r['body']) === $text
    && strlen($r['body']) < strlen($text) / 4 && $r['headers']['vary'] === 'Accept-Encoding'
    && $r['headers']['content-length'] === (string) strlen($r['body']), 'gzip');
$r = $get('/t', 'deflate');
swt_check($r['headers']['content-encoding'] === 'deflate' && gzuncompress($r['body']) === $text, 'deflate (zlib format)');
$r = $get('/t', 'gzip;q=0, deflate;q=0.5');
swt_check($r['headers']['content-encoding'] === 'deflate' && gzuncompress($r['body']) === $text, 'gzip;q=0 refused: deflate');
$r = $get('/t', 'br, identity');
swt_check(!isset($r['headers']['content-encoding']) && $r['body'] === $text, 'no coding we have: plain');
$r = $get('/t', '');
swt_check(!isset($r['headers']['content-encoding']) && $r['body'] === $text, 'no Accept-Encoding: plain');
$r = $get('/short', 'gzip');
swt_check(!isset($r['headers']['content-encoding']) && $r['body'] === 'tiny', 'below compression_min_length: plain');
$r = $get('/already', 'gzip');
swt_check($r['headers']['content-encoding'] === 'gzip' && gzdecode($r['body']) === $text, 'already encoded: not compressed twice');
$r = $get('/image', 'gzip');
swt_check(!isset($r['headers']['content-encoding']), 'image types: not compressed');
fclose($c);
swt_check($s->stop() === 0, 'server stopped cleanly');

$s = swt_http_start(<<<'PHP'
    $response->end(str_repeat('x', 1000));
PHP, ['http_compression' => false]);
$r = swt_http_raw($s->port, "GET / HTTP/1.1\r\nHost: h\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n");
swt_check(!isset(swt_http_parse($r['data'])[0]['headers']['content-encoding']), 'http_compression off');
swt_check($s->stop() === 0, 'second server stopped cleanly');
?>
--EXPECT--
ok - gzip
ok - deflate (zlib format)
ok - gzip;q=0 refused: deflate
ok - no coding we have: plain
ok - no Accept-Encoding: plain
ok - below compression_min_length: plain
ok - already encoded: not compressed twice
ok - image types: not compressed
ok - server stopped cleanly
ok - http_compression off
ok - second server stopped cleanly
