--TEST--
Chaos under load (short): kill -9 of workers, kill -9 of task workers holding task()s, a reload storm; every request is answered (200, or 502 for the ones that died with a process), none is lost, the reload storm answers all with 200
--SKIPIF--
<?php
if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc');
if (!is_file(__DIR__ . '/../../bench/chaos_client.c')) die('skip bench/chaos_client.c is not here (installed package)');
exec('command -v cc gcc 2>/dev/null', $o);
if (!$o) die('skip needs a C compiler for bench/chaos_client.c');
?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

/*
 * bench/chaos_client follows every request: each one ends as ok (200 with its
 * own URI as the body), 5xx, closed (the connection closed with no answer),
 * lost (nothing within -T seconds) or bad (someone else's answer). The
 * guarantees: a dead worker's HTTP clients get a 5xx, a task() whose task
 * worker dies gets onFinish(false) (answered 502 here), a reload loses nothing.
 */
$bin = sys_get_temp_dir() . '/swt-chaos-client-' . getmypid();
exec('cc -O2 -o ' . escapeshellarg($bin) . ' ' . escapeshellarg(__DIR__ . '/../../bench/chaos_client.c') . ' 2>&1', $out, $rc);
swt_check($rc === 0 && is_executable($bin), 'chaos_client built', implode("\n", $out));
register_shutdown_function(fn () => @unlink($bin));

$s = swt_start(<<<'PHP'
$server = new Swoole\Http\Server('127.0.0.1', 0, SWOOLE_PROCESS);
$server->set(['worker_num' => 2, 'task_worker_num' => 2, 'log_level' => 4]);
$pending = [];
$server->on('request', function ($request, $response) use ($server, &$pending) {
    $uri = $request->server['request_uri'];
    if (str_starts_with($uri, '/t/')) {
        $id = $server->task($uri);
        if ($id === false) {
            $response->status(503);
            $response->end('task queue full');
            return;
        }
        $pending[$id] = $response;
        return;
    }
    usleep(300); /* busy enough that a kill lands on requests in progress */
    $response->end($uri);
});
$server->on('finish', function ($server, $taskId, $data) use (&$pending) {
    $response = $pending[$taskId] ?? null;
    unset($pending[$taskId]);
    if ($response === null) {
        echo "FINISH FOR NOBODY $taskId\n";
        return;
    }
    if ($data === false) {
        $response->status(502);
        $response->end('task failed');
        return;
    }
    $response->end($data);
});
$server->on('task', function ($server, $taskId, $src, $data) {
    usleep(2000);
    return $data;
});
$server->on('workerStart', function ($server, $id) {
    echo 'WS ' . $id . ' ' . getmypid() . ' ' . ($server->taskworker ? 1 : 0) . "\n";
});
echo "PORT {$server->port}\n";
$server->start();
PHP, ['workers' => 4]);

/*
 * Runs the client for $secs seconds with $prefix while $act($i) is called
 * every $every seconds; returns the client's counters.
 */
function chaos_phase(SwtServer $s, string $bin, string $prefix, float $secs, float $every, callable $act): array
{
    $cmd = [$bin, '-c', '16', '-d', (string) $secs, '-T', '10', '-p', $prefix, (string) $s->port];
    $p = proc_open($cmd, [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
    swt_check(is_resource($p), "$prefix: client started");
    $t0 = swt_now();
    $i = 0;
    while (swt_now() - $t0 < $secs - 0.2) {
        usleep((int) ($every * 1e6));
        $act($i++);
    }
    $line = stream_get_contents($pipes[1]);
    $err = stream_get_contents($pipes[2]);
    $rc = proc_close($p);
    preg_match_all('/(\w+)=(\S+)/', $line, $m, PREG_SET_ORDER);
    $r = ['rc' => $rc, 'line' => trim($line), 'err' => trim($err)];
    foreach ($m as $kv) {
        $r[$kv[1]] = is_numeric($kv[2]) ? $kv[2] + 0 : $kv[2];
    }
    return $r;
}

/* kills the newest process of worker id $id if it has run for a second (no respawn back-off) */
function chaos_kill(SwtServer $s, int $id, array &$killed): void
{
    $pid = $s->workerPids('WS')[$id] ?? 0;
    if ($pid > 0 && swt_alive($pid) && !in_array($pid, $killed, true) && swt_kill($pid, SIGKILL)) {
        $killed[] = $pid;
    }
}

function chaos_check(array $r, string $what, bool $all200): void
{
    $sum = ($r['ok'] ?? -1) + ($r['http5xx'] ?? 0) + ($r['closed'] ?? 0) + ($r['lost'] ?? 0) + ($r['bad'] ?? 0);
    swt_check(isset($r['sent']) && $r['sent'] > 100 && $sum === $r['sent'], "$what: requests sent and each accounted for", json_encode($r));
    swt_check(($r['lost'] ?? -1) === 0 && ($r['bad'] ?? -1) === 0, "$what: none lost, no wrong answer", json_encode($r));
    swt_check(($r['closed'] ?? -1) === 0, "$what: no connection closed without an answer (a 5xx instead)", json_encode($r));
    if ($all200) {
        swt_check(($r['ok'] ?? -1) === $r['sent'], "$what: every request answered 200", json_encode($r));
    }
}

/* 1. kill -9 of a worker every second, workers 0 and 1 in turn */
$killed = [];
$r = chaos_phase($s, $bin, '/r/', 4.0, 1.0, function ($i) use ($s, &$killed) {
    chaos_kill($s, $i % 2, $killed);
});
swt_check(count($killed) >= 3, 'workers: at least 3 killed', json_encode($killed));
chaos_check($r, 'workers killed', false);

/* 2. kill -9 of a task worker every second: their task()s end in onFinish(false) */
$killedTask = [];
$r = chaos_phase($s, $bin, '/t/', 4.0, 1.0, function ($i) use ($s, &$killedTask) {
    chaos_kill($s, 2 + $i % 2, $killedTask);
});
swt_check(count($killedTask) >= 3, 'task workers: at least 3 killed', json_encode($killedTask));
chaos_check($r, 'task workers killed', false);

/* 3. a reload every 200 ms */
$reloads = 0;
$r = chaos_phase($s, $bin, '/r/', 3.0, 0.2, function () use ($s, &$reloads) {
    $reloads += swt_kill($s->masterPid, SIGUSR1) ? 1 : 0;
});
swt_check($reloads >= 10, 'reload storm: at least 10 reloads', (string) $reloads);
chaos_check($r, 'reload storm', true);

swt_check(!$s->matches('/^FINISH FOR NOBODY/m'), 'no onFinish for a task nobody waits for');
swt_check($s->stop() === 0, 'exit code 0 after SIGTERM', $s->dump());
?>
--EXPECT--
ok - chaos_client built
ok - /r/: client started
ok - workers: at least 3 killed
ok - workers killed: requests sent and each accounted for
ok - workers killed: none lost, no wrong answer
ok - workers killed: no connection closed without an answer (a 5xx instead)
ok - /t/: client started
ok - task workers: at least 3 killed
ok - task workers killed: requests sent and each accounted for
ok - task workers killed: none lost, no wrong answer
ok - task workers killed: no connection closed without an answer (a 5xx instead)
ok - /r/: client started
ok - reload storm: at least 10 reloads
ok - reload storm: requests sent and each accounted for
ok - reload storm: none lost, no wrong answer
ok - reload storm: no connection closed without an answer (a 5xx instead)
ok - reload storm: every request answered 200
ok - no onFinish for a task nobody waits for
ok - exit code 0 after SIGTERM
