--TEST--
Swoole\Http\Server: SIGTERM with open keep-alive connections: a request sent on one after the stop began is still answered (Connection: close), in-flight ones too; idle ones are closed; exit 0
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/http.inc';

/* A load balancer keeps connections to the server open and sends on them at any time. */
$s = swt_http_start(<<<'PHP'
    if ($request->server['request_uri'] === '/slow') {
        usleep(1000000);
    }
    $response->end('answer ' . $request->server['request_method'] . ' ' . $request->server['request_uri']
        . ' ' . ($request->post['k'] ?? ''));
PHP);
$s->waitFor('/^WS \d+ \d+$/m', 2);

$a = swt_connect($s->port);
$r = swt_http_roundtrip($a, "GET /first HTTP/1.1\r\nHost: x\r\n\r\n");
swt_check(($r['status'] ?? 0) === 200 && ($r['headers']['connection'] ?? '') === 'keep-alive',
    'before the stop: answered, kept alive', json_encode($r));
$idle = swt_connect($s->port);
$r = swt_http_roundtrip($idle, "GET /idle HTTP/1.1\r\nHost: x\r\n\r\n");
swt_check(($r['status'] ?? 0) === 200, 'a second kept-alive connection, left idle afterwards');

$b = swt_connect($s->port);
swt_write($b, "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
$s->waitFor('/^REQ \/slow$/m');

swt_kill($s->masterPid, SIGTERM);
/* the stop has begun when the port refuses connections */
$refused = swt_wait_until(function () use ($s) {
    $c = @stream_socket_client("tcp://127.0.0.1:{$s->port}", $errno, $errstr, 0.2);
    if ($c) {
        fclose($c);
        return false;
    }
    return true;
}, 5.0, 'the port to close', false);
swt_check($refused === true, 'after SIGTERM the port refuses new connections');

/* a POST on the kept-alive connection, as nginx reusing it would send (it would not retry a POST) */
$body = 'k=v1';
$r = swt_http_roundtrip($a, "POST /late HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
    . "Content-Length: " . strlen($body) . "\r\n\r\n$body");
swt_check(($r['status'] ?? 0) === 200 && ($r['body'] ?? '') === 'answer POST /late v1',
    'a request sent after the stop began is answered', json_encode($r));
swt_check(($r['headers']['connection'] ?? '') === 'close', 'with Connection: close', json_encode($r['headers'] ?? null));
$e = swt_wait_eof($a, 5);
swt_check($e['eof'] && $e['data'] === '', 'then the server closes that connection', json_encode($e));

$r = swt_http_read_one($b, false, 5);
swt_check(($r['status'] ?? 0) === 200 && ($r['body'] ?? '') === 'answer GET /slow ',
    'the request in progress at SIGTERM is answered', json_encode($r));
swt_check(($r['headers']['connection'] ?? '') === 'close', 'also with Connection: close', json_encode($r['headers'] ?? null));

$e = swt_wait_eof($idle, 5);
swt_check($e['eof'] && $e['data'] === '', 'the idle connection is closed without a word', json_encode($e));

$code = $s->waitStopped(10);
swt_check($code === 0, 'the server exits 0', (string) $code);
swt_check(swt_http_req_count($s) === 4, 'four requests reached PHP', $s->stdout());
fclose($a);
fclose($b);
fclose($idle);
?>
--EXPECT--
ok - before the stop: answered, kept alive
ok - a second kept-alive connection, left idle afterwards
ok - after SIGTERM the port refuses new connections
ok - a request sent after the stop began is answered
ok - with Connection: close
ok - then the server closes that connection
ok - the request in progress at SIGTERM is answered
ok - also with Connection: close
ok - the idle connection is closed without a word
ok - the server exits 0
ok - four requests reached PHP
