--TEST--
Memory stays flat (GUARANTEES.md 14): after warm-up, 150,000 more requests leave the RSS of the master, the manager and every worker where it was
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

/*
 * 20 connections keep a request each in flight (64 bytes, echoed). After
 * 30,000 requests of warm-up every process's VmRSS is read; after 150,000
 * more it is read again. A leak of even 8 bytes per request would show as
 * 1.2 MB in the process that leaks, so growth is bounded at 512 KiB.
 */
$s = swt_start(<<<'PHP'
$server = new Swoole\Server('127.0.0.1', 0);
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'log_level' => 4]);
$server->on('workerStart', function ($server, $id) { echo "WS $id " . getmypid() . "\n"; });
$server->on('receive', function ($server, $fd, $reactorId, $data) { $server->send($fd, $data); });
echo "PORT {$server->port}\n";
$server->start();
PHP, ['workers' => 2]);

function rss_kib(int $pid): int
{
    $status = @file_get_contents("/proc/$pid/status");
    return preg_match('/^VmRSS:\s+(\d+) kB/m', (string) $status, $m) ? (int) $m[1] : -1;
}

function run_requests(int $port, array $conns, int $total): int
{
    $msg = str_repeat('m', 63) . "\n";
    $sent = $done = 0;
    $pending = [];
    foreach ($conns as $i => $c) {
        fwrite($c, $msg);
        $pending[$i] = '';
        $sent++;
    }
    $deadline = microtime(true) + 120;
    while ($done < $total && microtime(true) < $deadline) {
        $r = $conns;
        $w = $e = null;
        if (stream_select($r, $w, $e, 1) < 1) {
            continue;
        }
        foreach ($r as $c) {
            $i = array_search($c, $conns, true);
            $pending[$i] .= fread($c, 65536);
            while (strlen($pending[$i]) >= 64) {
                if (substr($pending[$i], 0, 64) !== $msg) {
                    return -1;
                }
                $pending[$i] = substr($pending[$i], 64);
                $done++;
                if ($sent < $total) {
                    fwrite($c, $msg);
                    $sent++;
                }
            }
        }
    }
    return $done;
}

$conns = [];
for ($i = 0; $i < 20; $i++) {
    $c = swt_connect($s->port);
    stream_set_blocking($c, false);
    $conns[] = $c;
}
$pids = array_merge([$s->masterPid], $s->tree());
$pids = array_values(array_unique($pids));
swt_check(count($pids) === 4, 'master, manager and 2 workers found', json_encode($pids));

$warm = run_requests($s->port, $conns, 30000);
swt_check($warm === 30000, 'warm-up: 30,000 requests answered byte-exact', (string) $warm);
$before = array_map('rss_kib', $pids);
$more = run_requests($s->port, $conns, 150000);
swt_check($more === 150000, '150,000 more requests answered byte-exact', (string) $more);
$after = array_map('rss_kib', $pids);
$grew = [];
foreach ($pids as $k => $pid) {
    $grew[$pid] = $after[$k] - $before[$k];
}
swt_check(max($grew) <= 512 && min($before) > 0, 'no process grew by more than 512 KiB',
    'growth in KiB by pid: ' . json_encode($grew) . ', before: ' . json_encode($before));
foreach ($conns as $c) {
    fclose($c);
}
swt_check($s->stop() === 0, 'master exit code 0 after SIGTERM');
?>
--EXPECT--
ok - master, manager and 2 workers found
ok - warm-up: 30,000 requests answered byte-exact
ok - 150,000 more requests answered byte-exact
ok - no process grew by more than 512 KiB
ok - master exit code 0 after SIGTERM
