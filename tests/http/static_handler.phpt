--TEST--
Swoole\Http\Server: static handler (Content-Type, Last-Modified, 304, index files, locations) and no path ever leaves document_root
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux') die('skip needs Linux'); ?>
--FILE--
<?php
require __DIR__ . '/../include/http.inc';

$root = sys_get_temp_dir() . '/swt-static-' . getmypid();
$outside = "$root-outside";
@mkdir("$root/sub", 0777, true);
@mkdir("$root/assets", 0777, true);
@mkdir($outside);
file_put_contents("$root/page.html", '<h1>page</h1>');
file_put_contents("$root/style.css", 'body{}');
file_put_contents("$root/sub/index.html", 'sub index');
file_put_contents("$root/assets/app.js", 'js();');
file_put_contents("$outside/secret.txt", 'secret');
symlink("$outside/secret.txt", "$root/link.txt");
symlink($outside, "$root/linkdir");
touch("$root/page.html", 1600000000);

$s = swt_http_start(<<<'PHP'
    $response->end('php:' . $request->server['request_uri']);
PHP, ['enable_static_handler' => true, 'document_root' => $root, 'http_index_files' => ['index.html']]);

$get = function (string $path, string $extra = '') use (&$s) {
    $r = swt_http_raw($s->port, "GET $path HTTP/1.1\r\nHost: h\r\nConnection: close\r\n$extra\r\n");
    return swt_http_parse($r['data'])[0] ?? ['status' => 0, 'body' => '', 'headers' => []];
};
$r = $get('/page.html');
swt_check($r['status'] === 200 && $r['body'] === '<h1>page</h1>' && $r['headers']['content-type'] === 'text/html'
    && $r['headers']['last-modified'] === 'Sun, 13 Sep 2020 12:26:40 GMT', 'file with Content-Type and Last-Modified');
swt_check($get('/style.css')['headers']['content-type'] === 'text/css', 'css type');
$r = $get('/page.html', "If-Modified-Since: Sun, 13 Sep 2020 12:26:40 GMT\r\n");
swt_check($r['status'] === 304 && $r['body'] === '', 'If-Modified-Since: 304');
$r = $get('/page.html', "If-Modified-Since: Sat, 12 Sep 2020 12:26:40 GMT\r\n");
swt_check($r['status'] === 200, 'older If-Modified-Since: 200');
swt_check($get('/sub/')['body'] === 'sub index' && $get('/sub')['body'] === 'sub index', 'index file of a directory');
swt_check($get('/%70age.html')['body'] === '<h1>page</h1>', 'encoded path');
swt_check($get('/nothing-here')['body'] === 'php:/nothing-here', 'no such file: onRequest answers');
$cases = [
    '/../' . basename($outside) . '/secret.txt' => 403,
    '/sub/../../' . basename($outside) . '/secret.txt' => 403,
    '/%2e%2e/' . basename($outside) . '/secret.txt' => 403,
    '/%2E%2E%2f' . basename($outside) . '%2fsecret.txt' => 403,
    '/link.txt' => 403,
    '/linkdir/secret.txt' => 403,
    '/page.html%00.php' => 400,
];
foreach ($cases as $path => $status) {
    $r = $get($path);
    swt_check($r['status'] === $status && !str_contains($r['body'], 'secret'), str_replace('%', 'pct-', $path) . ": $status",
        $r['status'] . ' ' . $r['body']);
}
swt_check(swt_http_req_count($s) === 1, 'only the missing file reached PHP');
swt_check($s->stop() === 0, 'server stopped cleanly');

/* with locations, only those prefixes are files; a missing one there is 404 */
$s = swt_http_start(<<<'PHP'
    $response->end('php:' . $request->server['request_uri']);
PHP, ['enable_static_handler' => true, 'document_root' => $root, 'static_handler_locations' => ['/assets/']]);
swt_check($get('/assets/app.js')['body'] === 'js();' && $get('/assets/app.js')['headers']['content-type'] === 'text/javascript', 'a file under a location');
swt_check($get('/page.html')['body'] === 'php:/page.html', 'a file outside the locations goes to PHP');
swt_check($get('/assets/missing.js')['status'] === 404, 'missing under a location: 404');
swt_check($s->stop() === 0, 'second server stopped cleanly');
exec('rm -rf ' . escapeshellarg($root) . ' ' . escapeshellarg($outside));
?>
--EXPECTF--
ok - file with Content-Type and Last-Modified
ok - css type
ok - If-Modified-Since: 304
ok - older If-Modified-Since: 200
ok - index file of a directory
ok - encoded path
ok - no such file: onRequest answers
ok - /../swt-static-%d-outside/secret.txt: 403
ok - /sub/../../swt-static-%d-outside/secret.txt: 403
ok - /pct-2epct-2e/swt-static-%d-outside/secret.txt: 403
ok - /pct-2Epct-2Epct-2fswt-static-%d-outsidepct-2fsecret.txt: 403
ok - /link.txt: 403
ok - /linkdir/secret.txt: 403
ok - /page.htmlpct-00.php: 400
ok - only the missing file reached PHP
ok - server stopped cleanly
ok - a file under a location
ok - a file outside the locations goes to PHP
ok - missing under a location: 404
ok - second server stopped cleanly
