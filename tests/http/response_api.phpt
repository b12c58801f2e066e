--TEST--
Swoole\Http\Response: status, headers, cookies, write (chunked), end twice, redirect, sendfile, HEAD, 204, detach and create
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux') die('skip needs Linux'); ?>
--FILE--
<?php
require __DIR__ . '/../include/http.inc';

$file = sys_get_temp_dir() . '/swt-http-sendfile-' . getmypid() . '.txt';
file_put_contents($file, '0123456789abcdefghij');
$s = swt_http_start(<<<PHP
    \$file = '$file';
PHP . <<<'PHP'
    switch ($request->server['request_uri']) {
    case '/status':
        $response->status(418, 'Short And Stout');
        $response->end('tea');
        break;
    case '/headers':
        $response->header('x-lower-name', 'a');
        $response->header('X-Raw-name', 'b', false);
        $response->setHeader('X-List', ['1', '2']);
        $response->header('X-Removed', 'gone');
        $response->header('X-Removed', null);
        $response->header('Content-Length', '999');
        $bad = @$response->header("X-Bad", "a\r\nInjected: 1");
        $response->end($bad === false ? 'refused' : 'accepted');
        break;
    case '/cookies':
        $response->cookie('plain', 'a b;c', 2000000000, '/p', 'example.com', true, true, 'Strict', 'High');
        $response->rawCookie('raw', 'x%20y');
        $response->setCookie('gone');
        $response->end();
        break;
    case '/chunked':
        $response->header('X-Mode', 'chunked');
        $response->write('hello ');
        $response->write('');
        $response->write('world');
        $response->end('!');
        break;
    case '/twice':
        $a = $response->end('first');
        $b = $response->end('second');
        $c = $response->write('third');
        echo "TWICE " . json_encode([$a, $b, $c, $response->isWritable()]) . "\n";
        break;
    case '/redirect':
        $response->redirect('/elsewhere', 301);
        break;
    case '/sendfile':
        $response->sendfile($file, 5, 10);
        break;
    case '/sendfile-all':
        $response->header('Content-Type', 'text/x-custom');
        $response->sendfile($file);
        break;
    case '/nocontent':
        $response->status(204);
        $response->end('ignored');
        break;
    case '/detach':
        $w0 = $response->isWritable();
        $response->detach();
        $w1 = $response->isWritable();
        $r2 = Swoole\Http\Response::create($request->fd);
        $r2->end('created ' . json_encode([$w0, $w1, @$response->end('no')]));
        break;
    default:
        $response->end('body of ' . $request->server['request_uri']);
    }
PHP);

$c = swt_connect($s->port);
$get = fn (string $uri, string $method = 'GET') => swt_http_roundtrip($c, "$method $uri HTTP/1.1\r\nHost: h\r\n\r\n", $method === 'HEAD');

$r = $get('/status');
swt_check($r['status'] === 418 && $r['reason'] === 'Short And Stout' && $r['body'] === 'tea', 'status with a reason');
$r = $get('/headers');
$h = $r['headers'];
swt_check(($h['x-lower-name'] ?? '') === 'a' && str_contains($r['head'], "\r\nX-Lower-Name: a\r\n")
    && str_contains($r['head'], "\r\nX-Raw-name: b\r\n") && $h['x-list'] === '1, 2' && !isset($h['x-removed'])
    && $h['content-length'] === (string) strlen($r['body']) && $r['body'] === 'refused', 'headers: formatted, raw, list, removed, framing kept, injection refused', $r['head']);
$r = $get('/cookies');
swt_check(count($r['cookies']) === 3
    && $r['cookies'][0] === 'plain=a%20b%3Bc; expires=Wed, 18 May 2033 03:33:20 GMT; Max-Age=' . (2000000000 - time()) . '; path=/p; domain=example.com; secure; HttpOnly; SameSite=Strict; Priority=High'
    && $r['cookies'][1] === 'raw=x%20y' && str_starts_with($r['cookies'][2], 'gone=deleted; expires=Thu, 01 Jan 1970'),
    'cookies with every attribute', json_encode($r['cookies']));
$r = $get('/chunked');
swt_check($r['chunked'] && $r['body'] === 'hello world!' && !isset($r['headers']['content-length'])
    && $r['headers']['x-mode'] === 'chunked', 'write(): chunked, no Content-Length');
$r = $get('/twice');
$s->waitFor('/^TWICE (.*)$/m');
swt_check($r['body'] === 'first' && $s->matches('/^TWICE (.*)$/m')[0][1] === '[true,false,false,false]'
    && substr_count($s->stderr(), 'the response has already ended') === 2, 'end() twice and write() after end(): false and a warning');
$r = $get('/redirect');
swt_check($r['status'] === 301 && $r['headers']['location'] === '/elsewhere', 'redirect');
$r = $get('/sendfile');
swt_check($r['body'] === '56789abcde' && $r['headers']['content-type'] === 'text/plain' && $r['headers']['content-length'] === '10', 'sendfile with offset and length');
$r = $get('/sendfile-all');
swt_check($r['body'] === '0123456789abcdefghij' && $r['headers']['content-type'] === 'text/x-custom', 'sendfile whole file');
$r = $get('/nocontent');
swt_check($r['status'] === 204 && !isset($r['headers']['content-length']) && !isset($r['headers']['content-type']), '204 without body');
$r = $get('/head-test', 'HEAD');
swt_check($r['status'] === 200 && $r['headers']['content-length'] === (string) strlen('body of /head-test'), 'HEAD: length, no body');
$r = $get('/after-head');
swt_check($r['body'] === 'body of /after-head', 'the connection is in step after HEAD');
$r10 = swt_http_raw($s->port, "GET /chunked HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
$p10 = swt_http_parse($r10['data'])[0];
swt_check($r10['eof'] && !$p10['chunked'] && $p10['body'] === 'hello world!' && $p10['headers']['connection'] === 'close',
    'write() on HTTP/1.0: no chunking, the body ends with the connection', $r10['data']);
$r = $get('/detach');
swt_check($r['body'] === 'created [true,false,false]', 'detach() and Response::create($fd)', $r['body']);
fclose($c);
swt_check($s->stop() === 0, 'server stopped cleanly');
@unlink($file);
?>
--EXPECT--
ok - status with a reason
ok - headers: formatted, raw, list, removed, framing kept, injection refused
ok - cookies with every attribute
ok - write(): chunked, no Content-Length
ok - end() twice and write() after end(): false and a warning
ok - redirect
ok - sendfile with offset and length
ok - sendfile whole file
ok - 204 without body
ok - HEAD: length, no body
ok - the connection is in step after HEAD
ok - write() on HTTP/1.0: no chunking, the body ends with the connection
ok - detach() and Response::create($fd)
ok - server stopped cleanly
