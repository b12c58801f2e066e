--TEST--
Input flow control: a client flooding a slow worker makes the server stop reading it (bounded master memory), while a connection of the other worker keeps being served
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

/*
 * Worker of the flooding connection handles ~5 reads per second. Without
 * flow control the reactor thread would read everything the client sends
 * (hundreds of MiB in 4 s over loopback) into its queue to that worker. With
 * it, reading stops once the queue passes 16 MiB, so the client is held back
 * by TCP and the master's memory stays bounded.
 */
$s = swt_start(<<<'PHP'
$server = new Swoole\Server('127.0.0.1', 0);
$server->set(['worker_num' => 2, 'reactor_num' => 1, 'dispatch_mode' => 2, 'log_level' => 4]);
$server->on('workerStart', function ($server, $id) { echo "WS $id " . getmypid() . "\n"; });
$server->on('receive', function ($server, $fd, $reactorId, $data) {
    if ($data === "WHO\n") {
        $server->send($fd, "W{$server->worker_id}\n");
        return;
    }
    if (str_starts_with($data, 'PING')) {
        $server->send($fd, "PONG\n");
        return;
    }
    usleep(200000);
});
echo "PORT {$server->port}\n";
$server->start();
PHP, ['workers' => 2]);

function rss_kib(int $pid): int
{
    return preg_match('/^VmRSS:\s+(\d+) kB/m', (string) @file_get_contents("/proc/$pid/status"), $m) ? (int) $m[1] : -1;
}

/* one connection on each worker */
$byWorker = [];
for ($i = 0; $i < 8 && count($byWorker) < 2; $i++) {
    $c = swt_connect($s->port);
    $w = swt_request($c, 'WHO');
    if (!isset($byWorker[$w])) {
        $byWorker[$w] = $c;
    }
}
swt_check(count($byWorker) === 2, 'a connection on each worker', json_encode(array_keys($byWorker)));
$flood = $byWorker['W0'];
$other = $byWorker['W1'];
$before = rss_kib($s->masterPid);

stream_set_blocking($flood, false);
$chunk = str_repeat('f', 65536);
$sent = 0;
$pings = [];
$end = microtime(true) + 4.0;
$nextPing = microtime(true);
while (microtime(true) < $end) {
    $n = @fwrite($flood, $chunk);
    if ($n > 0) {
        $sent += $n;
    } else {
        usleep(2000);
    }
    if (microtime(true) >= $nextPing) {
        $t = microtime(true);
        $r = swt_request($other, 'PING', 2);
        $pings[] = $r === "PONG" ? microtime(true) - $t : 99;
        $nextPing = microtime(true) + 0.25;
    }
}
$after = rss_kib($s->masterPid);
$grew = ($after - $before) / 1024;
sort($pings);
swt_check($sent < 200 * 1024 * 1024, 'the flooding client was held back (TCP backpressure reached it)',
    sprintf('%.1f MiB sent in 4 s', $sent / 1048576));
swt_check($grew < 48, "the master's memory stayed bounded", sprintf('grew %.1f MiB (sent %.1f MiB)', $grew, $sent / 1048576));
swt_check(count($pings) >= 10 && $pings[(int) (count($pings) * 0.9)] < 0.5,
    "the other worker's connection was served throughout", json_encode(array_map(fn($p) => round($p, 3), $pings)));
fclose($flood);
fclose($other);
swt_check($s->stop() === 0, 'master exit code 0 after SIGTERM');
?>
--EXPECT--
ok - a connection on each worker
ok - the flooding client was held back (TCP backpressure reached it)
ok - the master's memory stayed bounded
ok - the other worker's connection was served throughout
ok - master exit code 0 after SIGTERM
