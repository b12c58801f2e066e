--TEST--
SWOOLE_BASE with enable_reuse_port: each worker listens on its own SO_REUSEPORT socket and the kernel spreads even sequential connections over the workers; the port is held across a worker's respawn
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux') die('skip Linux only'); ?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

$s = swt_start(<<<'PHP'
$server = new Swoole\Server('127.0.0.1', 0, SWOOLE_BASE);
$server->set(['worker_num' => 2, 'log_level' => 4, 'enable_reuse_port' => true]);
$server->on('workerStart', function ($server, $id) { echo "WS $id " . getmypid() . "\n"; });
$server->on('receive', function ($server, $fd, $r, $data) { $server->send($fd, "W{$server->worker_id}\n"); });
echo "PORT {$server->port}\n";
$server->start();
PHP, ['workers' => 2]);
$count = function () use ($s) {
    $w = [0 => 0, 1 => 0];
    for ($i = 0; $i < 60; $i++) {
        $c = swt_connect($s->port);
        $r = swt_request($c, 'x');
        if ($r === 'W0' || $r === 'W1') {
            $w[(int) $r[1]]++;
        }
        fclose($c);
    }
    return $w;
};
$w = $count();
swt_check(array_sum($w) === 60 && min($w) >= 10, '60 sequential connections: both workers take a share (kernel hash)', json_encode($w));
$pids = $s->workerPids();
swt_kill($pids[0], SIGKILL);
$s->waitFor('/^WS 0 /m', 2);
$w = $count();
swt_check(array_sum($w) === 60 && min($w) >= 10, 'after worker 0 was killed and replaced: every connection served, both take a share', json_encode($w));
swt_check($s->stop() === 0, 'exit code 0');
swt_check(swt_port_bindable($s->port), 'the port is free after stop');
?>
--EXPECT--
ok - 60 sequential connections: both workers take a share (kernel hash)
ok - after worker 0 was killed and replaced: every connection served, both take a share
ok - exit code 0
ok - the port is free after stop
