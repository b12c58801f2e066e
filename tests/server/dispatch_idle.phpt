--TEST--
Swoole\Server: dispatch_mode 3 (idle worker) skips a worker that is busy in onReceive
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

/*
 * "SLEEP" keeps its worker busy for 3 s. Meanwhile every other message must
 * go to the other worker and be answered at once. With fd modulo, two of the
 * four other connections would land on the busy worker and wait.
 */
$s = swt_start(<<<'PHP'
$server = new Swoole\Server('127.0.0.1', 0);
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'dispatch_mode' => SWOOLE_DISPATCH_IDLE_WORKER]);
$server->on('workerStart', function ($server, $id) { echo "WS $id " . getmypid() . "\n"; });
$server->on('receive', function ($server, $fd, $reactorId, $data) {
    if (trim($data) === 'SLEEP') {
        echo "BUSY {$server->worker_id}\n";
        usleep(3000000);
        $server->send($fd, "SLEPT W{$server->worker_id}\n");
        return;
    }
    $server->send($fd, "W{$server->worker_id}\n");
});
echo "PORT {$server->port}\n";
$server->start();
PHP, ['workers' => 2]);

$a = swt_connect($s->port);
swt_write($a, "SLEEP\n");
$m = $s->waitFor('/^BUSY (\d+)$/m');
$busy = (int) $m[0][1];
$t0 = swt_now();

$conns = [];
for ($i = 0; $i < 4; $i++) {
    $conns[] = swt_connect($s->port);
}
$replies = [];
for ($round = 0; $round < 3; $round++) {
    foreach ($conns as $i => $c) {
        $replies[] = swt_request($c, "c$i r$round", 5);
    }
}
$elapsed = swt_now() - $t0;
$other = 'W' . (1 - $busy);
$ok = count(array_filter($replies, fn($r) => $r === $other)) === count($replies);
swt_check($ok, '12 messages all went to the idle worker', "busy W$busy, replies: " . json_encode($replies));
swt_check($elapsed < 2.0, 'and were answered while the other worker was still busy', sprintf('%.2f s', $elapsed));

$r = swt_read_until($a, "\n", 10);
swt_check($r === "SLEPT W$busy\n", 'the busy worker finished its own request', var_export($r, true));

foreach ($conns as $c) {
    fclose($c);
}
fclose($a);
swt_check($s->stop() === 0, 'master exit code 0 after SIGTERM');
?>
--EXPECT--
ok - 12 messages all went to the idle worker
ok - and were answered while the other worker was still busy
ok - the busy worker finished its own request
ok - master exit code 0 after SIGTERM
