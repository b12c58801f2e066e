--TEST--
Swoole\Server: a 1 MiB message is echoed back byte-exact
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

/*
 * There is no framing: onReceive may get the 1 MiB in several pieces; each
 * piece is echoed as it comes, and the pieces concatenate to the original.
 */
$s = swt_start(<<<'PHP'
$server = new Swoole\Server('127.0.0.1', 0);
$server->set(['worker_num' => 2, 'reactor_num' => 2]);
$server->on('workerStart', function ($server, $id) { echo "WS $id " . getmypid() . "\n"; });
$server->on('receive', function ($server, $fd, $reactorId, $data) {
    if (!$server->send($fd, $data)) {
        echo "SEND FAILED " . $server->getLastError() . "\n";
    }
});
echo "PORT {$server->port}\n";
$server->start();
PHP, ['workers' => 2]);

const MIB = 1 << 20;
$c = swt_connect($s->port);

$data = random_bytes(MIB);
$got = swt_exchange($c, $data, MIB, 20);
swt_check($got === $data, '1 MiB of random bytes echoed byte-exact', swt_diff_at($data, $got));

/* a position-dependent pattern: any reordering or lost piece shows */
$data = swt_pattern(MIB, 'p');
$got = swt_exchange($c, $data, MIB, 20);
swt_check($got === $data, '1 MiB pattern echoed in order', swt_diff_at($data, $got));

/* two connections at once, 1 MiB each */
$c2 = swt_connect($s->port);
$a = random_bytes(MIB);
$b = random_bytes(MIB);
swt_check(swt_write($c, $a, 20) && swt_write($c2, $b, 20), 'two 1 MiB messages written');
$ga = swt_read($c, MIB, 20);
$gb = swt_read($c2, MIB, 20);
swt_check($ga === $a && $gb === $b, 'two concurrent 1 MiB messages echoed to the right clients',
    swt_diff_at($a, $ga) . ' / ' . swt_diff_at($b, $gb));

swt_check(!str_contains($s->stdout(), 'SEND FAILED'), 'every send() returned true', $s->stdout());
fclose($c);
fclose($c2);
swt_check($s->stop() === 0, 'master exit code 0 after SIGTERM');
?>
--EXPECT--
ok - 1 MiB of random bytes echoed byte-exact
ok - 1 MiB pattern echoed in order
ok - two 1 MiB messages written
ok - two concurrent 1 MiB messages echoed to the right clients
ok - every send() returned true
ok - master exit code 0 after SIGTERM
