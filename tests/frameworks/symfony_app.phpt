--TEST--
Frameworks: the Symfony HttpFoundation example served by Swoole\Http\Server, every route through real HTTP
--SKIPIF--
<?php
if (PHP_OS_FAMILY !== 'Linux') die('skip needs Linux');
require __DIR__ . '/frameworks.inc';
$why = swt_fw_missing(['Symfony/Component/HttpFoundation/autoload.php'], ['mbstring']);
if ($why !== null) die("skip $why");
?>
--FILE--
<?php
require __DIR__ . '/frameworks.inc';

$s = swt_fw_start('symfony-style', ['mbstring']);
$port = $s->port;
$workers = $s->workerPids();
swt_check(count($workers) === 2, 'two workers, each created the application');

$r = swt_fw_request($port, 'GET', '/hello?name=Grace');
swt_check($r['status'] === 200 && $r['body'] === 'Hello Grace' && in_array((int) $r['headers']['x-served-by'], $workers, true),
    'GET with a query parameter', json_encode($r));

/* the app object lives as long as its worker: its counter grows on one connection */
$c = swt_connect($port);
$a = swt_fw_json(swt_http_roundtrip($c, swt_fw_raw('GET', '/items/12?x=1&y%5B%5D=2')));
$b = swt_fw_json(swt_http_roundtrip($c, swt_fw_raw('GET', '/items/13')));
fclose($c);
swt_check($a['id'] === 12 && $a['query'] === ['x' => '1', 'y' => ['2']] && $b['id'] === 13 && $b['query'] === [],
    'path parameter and query', json_encode([$a, $b]));
swt_check($b['served'] === $a['served'] + 1, 'one application object per worker, kept between requests', json_encode([$a, $b]));

$doc = ['a' => [1, 2, 3], 'b' => 'é'];
$r = swt_fw_request($port, 'POST', '/json', ['Content-Type' => 'application/json; charset=utf-8'], json_encode($doc));
swt_check($r['status'] === 201 && swt_fw_json($r) === ['received' => $doc, 'content_type' => 'application/json; charset=utf-8'],
    'POST JSON: toArray() of the raw body', $r['body']);

$r = swt_fw_request($port, 'POST', '/form', ['Content-Type' => 'application/x-www-form-urlencoded'], 'a=1&b%5Bk%5D=v&c=x+y');
swt_check(swt_fw_json($r) === ['form' => ['a' => '1', 'b' => ['k' => 'v'], 'c' => 'x y']], 'POST form', $r['body']);

$bytes = random_bytes(70000);
$body = swt_fw_multipart(['title' => 'pic'], ['doc' => ['photo.jpg', 'image/jpeg', $bytes]], $ct);
$r = swt_fw_request($port, 'POST', '/upload', ['Content-Type' => $ct], $body);
swt_check(swt_fw_json($r) === ['files' => ['doc' => ['name' => 'photo.jpg', 'size' => 70000, 'valid' => true, 'md5' => md5($bytes)]],
    'title' => 'pic'], 'upload: a valid UploadedFile (is_uploaded_file) with the bytes sent', $r['body']);

$r = swt_fw_request($port, 'GET', '/cookie');
$ck = swt_fw_cookies($r);
swt_check(swt_fw_json($r) === ['visits' => 1] && ($ck['visits']['value'] ?? '') === '1'
    && stripos($ck['visits']['line'], 'samesite=lax') !== false, 'cookie set');
$r = swt_fw_request($port, 'GET', '/cookie', ['Cookie' => 'visits=41']);
swt_check(swt_fw_json($r) === ['visits' => 42] && swt_fw_cookies($r)['visits']['value'] === '42', 'cookie read and replaced');

$r = swt_fw_request($port, 'GET', '/redirect');
swt_check($r['status'] === 302 && $r['headers']['location'] === '/hello?name=redirected', 'RedirectResponse');

$r = swt_fw_request($port, 'GET', '/stream');
swt_check($r['chunked'] && $r['body'] === "part 1\npart 2\npart 3\n", 'StreamedResponse, chunked', json_encode($r));

$file = file_get_contents(SWT_FW_EXAMPLES . '/symfony-style/public/hello.txt');
$r = swt_fw_request($port, 'GET', '/file');
swt_check($r['status'] === 200 && $r['body'] === $file && $r['headers']['content-disposition'] === 'attachment; filename=hello.txt',
    'BinaryFileResponse through sendfile()', json_encode($r));
$r = swt_fw_request($port, 'GET', '/file', ['Range' => 'bytes=-5']);
swt_check($r['status'] === 206 && $r['body'] === substr($file, -5), 'a suffix range', json_encode($r));

$r = swt_fw_request($port, 'GET', '/boom');
swt_check($r['status'] === 500 && swt_fw_json($r)['message'] === 'boom from the application', 'the application\'s exception handler: 500');
$r = swt_fw_request($port, 'GET', '/nothing/here');
swt_check($r['status'] === 404, '404');

swt_check($s->workerPids() === $workers, 'no worker was replaced');
swt_check(!preg_match('/(Warning|Deprecated|Notice|Fatal)/', $s->stderr()), 'no PHP warnings or deprecations', $s->stderr());
swt_check($s->stop() === 0, 'server stopped cleanly');
?>
--EXPECT--
ok - two workers, each created the application
ok - GET with a query parameter
ok - path parameter and query
ok - one application object per worker, kept between requests
ok - POST JSON: toArray() of the raw body
ok - POST form
ok - upload: a valid UploadedFile (is_uploaded_file) with the bytes sent
ok - cookie set
ok - cookie read and replaced
ok - RedirectResponse
ok - StreamedResponse, chunked
ok - BinaryFileResponse through sendfile()
ok - a suffix range
ok - the application's exception handler: 500
ok - 404
ok - no worker was replaced
ok - no PHP warnings or deprecations
ok - server stopped cleanly
