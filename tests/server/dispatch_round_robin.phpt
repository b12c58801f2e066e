--TEST--
Swoole\Server: dispatch_mode 1 (round robin) spreads messages over all workers
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

$s = swt_start(<<<'PHP'
$server = new Swoole\Server('127.0.0.1', 0);
$server->set(['worker_num' => 4, 'reactor_num' => 2, 'dispatch_mode' => SWOOLE_DISPATCH_ROUND]);
$server->on('workerStart', function ($server, $id) { echo "WS $id " . getmypid() . "\n"; });
$server->on('receive', function ($server, $fd, $reactorId, $data) {
    $server->send($fd, "W{$server->worker_id}\n");
});
echo "PORT {$server->port}\n";
$server->start();
PHP, ['workers' => 4]);

/* one connection, sequential messages: consecutive messages go to consecutive workers */
$c = swt_connect($s->port);
$seen = [];
for ($i = 0; $i < 8; $i++) {
    $r = swt_request($c, "m$i");
    $seen[] = $r;
}
fclose($c);
$distinct = array_unique($seen);
sort($distinct);
swt_check($distinct === ['W0', 'W1', 'W2', 'W3'], 'one connection, 8 messages: all 4 workers took some', implode(' ', $seen));
$repeats = 0;
for ($i = 1; $i < 8; $i++) {
    $repeats += $seen[$i] === $seen[$i - 1];
}
swt_check($repeats === 0, 'never the same worker twice in a row on an idle server', implode(' ', $seen));

/* 8 connections x 5 messages, interleaved */
$conns = [];
for ($i = 0; $i < 8; $i++) {
    $conns[] = swt_connect($s->port);
}
$count = [];
$bad = 0;
for ($round = 0; $round < 5; $round++) {
    foreach ($conns as $i => $c) {
        $r = swt_request($c, "r$round c$i");
        if ($r === null || !preg_match('/^W([0-3])$/', $r, $m)) {
            $bad++;
            continue;
        }
        $count[(int) $m[1]] = ($count[(int) $m[1]] ?? 0) + 1;
    }
}
ksort($count);
swt_check($bad === 0, 'all 40 messages answered', "$bad missing");
swt_check(array_keys($count) === [0, 1, 2, 3], 'all 4 workers used', json_encode($count));
swt_check(min($count ?: [0]) >= 5 && max($count ?: [99]) <= 15, 'spread evenly (each worker 5..15 of 40)', json_encode($count));

foreach ($conns as $c) {
    fclose($c);
}
swt_check($s->stop() === 0, 'master exit code 0 after SIGTERM');
?>
--EXPECT--
ok - one connection, 8 messages: all 4 workers took some
ok - never the same worker twice in a row on an idle server
ok - all 40 messages answered
ok - all 4 workers used
ok - spread evenly (each worker 5..15 of 40)
ok - master exit code 0 after SIGTERM
