--TEST--
Swoole\Http\Server: settings are checked at start(); http_parse_post, http_parse_cookie and http_parse_files off; on('request') is required
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux') die('skip needs Linux'); ?>
--FILE--
<?php
require __DIR__ . '/../include/http.inc';

$bad = [
    ['upload_tmp_dir' => '/nonexistent/dir'],
    ['http_compression_level' => 10],
    ['enable_static_handler' => true],
    ['enable_static_handler' => true, 'document_root' => '/nonexistent/root'],
    ['static_handler_locations' => ['relative/']],
    ['http_max_header_size' => 10],
    ['http_parse_post' => 'yes'],
];
foreach ($bad as $i => $settings) {
    $server = new Swoole\Http\Server('127.0.0.1', 0);
    $server->set($settings);
    $server->on('request', function () {});
    try {
        $server->start();
        echo "FAIL - bad setting $i started\n";
    } catch (Swoole\Exception $e) {
        echo "ok - " . $e->getMessage() . "\n";
    }
}
$server = new Swoole\Http\Server('127.0.0.1', 0);
try {
    $server->start();
} catch (Swoole\Exception $e) {
    echo "ok - " . $e->getMessage() . "\n";
}
var_dump($server instanceof Swoole\Server, new swoole_http_server('127.0.0.1', 0) instanceof Swoole\Http\Server,
    class_exists('swoole_http_request'), class_exists('swoole_http_response'));

$s = swt_http_start(<<<'PHP'
    $response->end(json_encode([$request->post, $request->cookie, $request->files, $request->rawContent() !== '']));
PHP, ['http_parse_post' => false, 'http_parse_cookie' => false, 'http_parse_files' => false]);
$b = 'bnd';
$body = "--$b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\n\r\nzzz\r\n--$b--\r\n";
$r = swt_http_raw($s->port, "POST / HTTP/1.1\r\nHost: h\r\nCookie: a=1\r\nContent-Type: multipart/form-data; boundary=$b\r\n"
    . "Content-Length: " . strlen($body) . "\r\nConnection: close\r\n\r\n$body");
swt_check(swt_http_parse($r['data'])[0]['body'] === '[null,null,null,true]', 'nothing parsed, raw body kept', $r['data']);
swt_check($s->stop() === 0, 'server stopped cleanly');
?>
--EXPECT--
ok - upload_tmp_dir: must be an existing directory
ok - http_compression_level: must be an int between 1 and 9
ok - document_root: must be a directory when enable_static_handler is on
ok - document_root: /nonexistent/root: No such file or directory
ok - static_handler_locations: must be a list of paths starting with /
ok - http_max_header_size: must be an int between 256 and 1048576
ok - http_parse_post: must be a bool
ok - no request callback: register one with $server->on('request', ...) before start()
bool(true)
bool(true)
bool(true)
bool(true)
ok - nothing parsed, raw body kept
ok - server stopped cleanly
