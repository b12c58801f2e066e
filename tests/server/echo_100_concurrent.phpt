--TEST--
Swoole\Server: 100 concurrent connections, each gets its own data back byte-exact
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

$s = swt_start(<<<'PHP'
$server = new Swoole\Server('127.0.0.1', 0);
$server->set(['worker_num' => 4, 'reactor_num' => 2]);
$server->on('workerStart', function ($server, $id) { echo "WS $id " . getmypid() . "\n"; });
$server->on('receive', function ($server, $fd, $reactorId, $data) {
    $server->send($fd, $data);
});
echo "PORT {$server->port}\n";
$server->start();
PHP, ['workers' => 4]);

const N = 100;
$conns = [];
for ($i = 0; $i < N; $i++) {
    $conns[$i] = swt_connect($s->port);
}

/* every connection is open before anything is read; two rounds on the same connections */
foreach ([1, 2] as $round) {
    $expect = [];
    foreach ($conns as $i => $c) {
        /* distinct per connection and per round, binary, of different lengths */
        $expect[$i] = sprintf("r%d c%03d|", $round, $i) . random_bytes(100 + 37 * $i + 501 * $round);
    }
    $writeFailed = [];
    foreach ($conns as $i => $c) {
        if (!swt_write($c, $expect[$i])) {
            $writeFailed[] = $i;
        }
    }
    swt_check(!$writeFailed, "round $round: all writes done", implode(',', $writeFailed));

    $got = array_fill(0, N, '');
    $pending = $conns;
    $deadline = swt_now() + 15;
    while ($pending && swt_now() < $deadline) {
        $r = array_values($pending);
        $w = $e = null;
        if (@stream_select($r, $w, $e, 0, 200000) > 0) {
            foreach ($r as $c) {
                $i = array_search($c, $conns, true);
                $chunk = fread($c, 65536);
                if ($chunk === false || ($chunk === '' && feof($c))) {
                    unset($pending[$i]);
                    continue;
                }
                $got[$i] .= $chunk;
                if (strlen($got[$i]) >= strlen($expect[$i])) {
                    unset($pending[$i]);
                }
            }
        }
    }
    $bad = [];
    foreach ($expect as $i => $data) {
        if ($got[$i] !== $data) {
            $bad[] = "$i: " . swt_diff_at($data, $got[$i]);
        }
    }
    swt_check(!$bad, "round $round: " . N . " connections answered byte-exact", implode('; ', array_slice($bad, 0, 10)));
}

/* no connection received anything extra (e.g. another client's data) */
usleep(200000);
$extra = 0;
foreach ($conns as $c) {
    $extra += strlen((string) fread($c, 65536));
}
swt_check($extra === 0, 'no stray bytes on any connection', "$extra bytes");

foreach ($conns as $c) {
    fclose($c);
}
swt_check($s->stop() === 0, 'master exit code 0 after SIGTERM');
?>
--EXPECT--
ok - round 1: all writes done
ok - round 1: 100 connections answered byte-exact
ok - round 2: all writes done
ok - round 2: 100 connections answered byte-exact
ok - no stray bytes on any connection
ok - master exit code 0 after SIGTERM
