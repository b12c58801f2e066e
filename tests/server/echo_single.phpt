--TEST--
Swoole\Server: echo over one connection, byte-exact, several messages
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

$s = swt_start(<<<'PHP'
$server = new Swoole\Server('127.0.0.1', 0);
$server->set(['worker_num' => 2, 'reactor_num' => 1]);
$server->on('workerStart', function ($server, $id) { echo "WS $id " . getmypid() . "\n"; });
$server->on('receive', function ($server, $fd, $reactorId, $data) {
    $server->send($fd, $data);
});
echo "PORT {$server->port}\n";
$server->start();
PHP, ['workers' => 2]);

$c = swt_connect($s->port);
$messages = [
    "hello\n",
    "x",
    str_repeat('ab', 1000),
    "\0\1\2\r\n\xff binary safe \0",
    random_bytes(4000),
];
foreach ($messages as $i => $m) {
    swt_check(swt_write($c, $m), "message $i written");
    $got = swt_read($c, strlen($m));
    swt_check($got === $m, "message $i echoed byte-exact", swt_diff_at($m, $got));
}
/* nothing more than what was sent comes back */
$extra = swt_read($c, 1, 0.3);
swt_check($extra === '', 'no extra bytes', bin2hex($extra));
fclose($c);
swt_check($s->stop() === 0, 'master exit code 0 after SIGTERM');
?>
--EXPECT--
ok - message 0 written
ok - message 0 echoed byte-exact
ok - message 1 written
ok - message 1 echoed byte-exact
ok - message 2 written
ok - message 2 echoed byte-exact
ok - message 3 written
ok - message 3 echoed byte-exact
ok - message 4 written
ok - message 4 echoed byte-exact
ok - no extra bytes
ok - master exit code 0 after SIGTERM
