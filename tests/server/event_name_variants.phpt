--TEST--
Swoole\Server::on(): event names are case-insensitive, with or without the "on" prefix
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

$variants = [
    ['Receive', 'WorkerStart', 'Connect', 'Close'],
    ['onreceive', 'onworkerstart', 'onconnect', 'onclose'],
    ['onReceive', 'ONWORKERSTART', 'OnConnect', 'CLOSE'],
];
foreach ($variants as $k => [$receive, $workerStart, $connect, $close]) {
    $code = sprintf(<<<'PHP'
$server = new Swoole\Server('127.0.0.1', 0);
$server->set(['worker_num' => 1, 'reactor_num' => 1]);
$server->on(%s, function ($server, $id) { echo "WS $id " . getmypid() . "\n"; });
$server->on(%s, function ($server, $fd, $reactorId) { echo "CONNECT $fd\n"; });
$server->on(%s, function ($server, $fd, $reactorId) { echo "CLOSE $fd\n"; });
$server->on(%s, function ($server, $fd, $reactorId, $data) { $server->send($fd, "got:$data"); });
echo "PORT {$server->port}\n";
$server->start();
PHP, var_export($workerStart, true), var_export($connect, true), var_export($close, true), var_export($receive, true));
    $s = swt_start($code, ['workers' => 1]);
    $c = swt_connect($s->port);
    $r = swt_request($c, 'hi');
    fclose($c);
    $s->waitFor('/^CLOSE \d+$/m');
    swt_check($r === 'got:hi' && count($s->matches('/^CONNECT \d+$/m')) === 1,
        "variant $k ($receive, $workerStart, $connect, $close)", var_export($r, true) . "\n" . $s->stdout());
    $s->stop();
}

/* the names are one event: a later registration replaces the earlier one */
$s = swt_start(<<<'PHP'
$server = new Swoole\Server('127.0.0.1', 0);
$server->set(['worker_num' => 1, 'reactor_num' => 1]);
$server->on('workerStart', function ($server, $id) { echo "WS $id " . getmypid() . "\n"; });
$server->on('receive', function ($server, $fd, $reactorId, $data) { $server->send($fd, "first\n"); });
$server->on('onReceive', function ($server, $fd, $reactorId, $data) { $server->send($fd, "second\n"); });
$server->on('RECEIVE', function ($server, $fd, $reactorId, $data) { $server->send($fd, "third\n"); });
echo "PORT {$server->port}\n";
$server->start();
PHP, ['workers' => 1]);
$c = swt_connect($s->port);
$r = swt_request($c, 'x');
swt_check($r === 'third' && swt_read($c, 1, 0.3) === '', 'the last registration wins, and only it runs', var_export($r, true));
fclose($c);
$s->stop();
?>
--EXPECT--
ok - variant 0 (Receive, WorkerStart, Connect, Close)
ok - variant 1 (onreceive, onworkerstart, onconnect, onclose)
ok - variant 2 (onReceive, ONWORKERSTART, OnConnect, CLOSE)
ok - the last registration wins, and only it runs
