--TEST--
stats(): every figure equals what the test did (connections, requests, dispatched messages, per worker), also after a reload
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/load.inc';

$tBefore = time();
$s = lt_server(['worker_num' => 2, 'reactor_num' => 1, 'dispatch_mode' => 2], ['connect_close' => true]);
$pids = $s->workerPids();

/* the control connection: one WHO tells its worker */
$ctl = swt_connect($s->port);
$r = lt_cmd($ctl, 'WHO');
if ($r === null || !preg_match('/^W (\d+) /', $r, $m)) {
    swt_fail('WHO: ' . var_export($r, true));
}
$cw = (int) $m[1];
$req = [0 => 0, 1 => 0];       /* completed requests per worker */
$disp = [0 => 0, 1 => 0];      /* messages dispatched per worker */
$req[$cw] += 1;
$disp[$cw] += 2;               /* connect + WHO */

/* 6 clients; client i sends i+1 requests; clients 0..2 then close */
$clients = [];
$workerOf = [];
$id = 1;
for ($i = 0; $i < 6; $i++) {
    $c = swt_connect($s->port);
    for ($k = 0; $k <= $i; $k++) {
        $r = lt_cmd($c, 'Q ' . $id);
        if ($r === null || !preg_match('/^' . $id . ':(\d+):(\d+)$/', $r, $m)) {
            swt_fail("Q $id: " . var_export($r, true));
        }
        $workerOf[$i] = (int) $m[1];
        $id++;
    }
    $req[$workerOf[$i]] += $i + 1;
    $disp[$workerOf[$i]] += 1 + $i + 1;
    $clients[$i] = $c;
}
for ($i = 0; $i < 3; $i++) {
    fclose($clients[$i]);
    unset($clients[$i]);
    $disp[$workerOf[$i]] += 1;
}
$s->waitFor('/^CLOSE /m', 3);
swt_check(count(array_unique($workerOf)) === 2 && $cw >= 0, 'the clients are spread over both workers', json_encode($workerOf));

$st = lt_stats($ctl);
$disp[$cw] += 1;               /* the STATS message itself */
$keys = ['start_time', 'connection_num', 'accept_count', 'close_count', 'worker_num', 'idle_worker_num', 'task_worker_num',
    'tasking_num', 'request_count', 'dispatch_count', 'reload_count', 'worker_request_count', 'worker_dispatch_count', 'workers'];
$missing = array_diff($keys, array_keys($st));
swt_check(!$missing, 'stats() has every documented key', implode(', ', $missing));
swt_check($st['start_time'] >= $tBefore - 1 && $st['start_time'] <= time(), 'start_time is when the server started', "{$st['start_time']} vs $tBefore");
swt_check($st['accept_count'] === 7 && $st['close_count'] === 3 && $st['connection_num'] === 4,
    'accept_count 7, close_count 3, connection_num 4', json_encode([$st['accept_count'], $st['close_count'], $st['connection_num']]));
swt_check($st['worker_num'] === 2 && $st['task_worker_num'] === 0 && $st['tasking_num'] === 0 && $st['reload_count'] === 0,
    'worker_num 2, no task workers, no reload');
swt_check($st['request_count'] === 22, 'request_count 22 (1 WHO + 21 requests; the running STATS is not complete)', (string) $st['request_count']);
swt_check($st['dispatch_count'] === $disp[0] + $disp[1], 'dispatch_count: 7 connects + 23 receives + 3 closes',
    "{$st['dispatch_count']} vs " . ($disp[0] + $disp[1]));
swt_check($st['worker_request_count'] === $req[$cw] && $st['worker_dispatch_count'] === $disp[$cw],
    'worker_request_count and worker_dispatch_count of the calling worker',
    json_encode([$st['worker_request_count'], $req[$cw], $st['worker_dispatch_count'], $disp[$cw]]));
$wOk = true;
foreach ([0, 1] as $w) {
    $e = $st['workers'][$w] ?? [];
    $wOk = $wOk && ($e['pid'] ?? 0) === $pids[$w] && ($e['start_count'] ?? 0) === 1 && ($e['request_count'] ?? -1) === $req[$w]
        && ($e['total_request_count'] ?? -1) === $req[$w] && ($e['dispatch_count'] ?? -1) === $disp[$w]
        && ($e['idle'] ?? null) === ($w !== $cw);
}
swt_check($wOk, 'workers[]: pid, start_count, request counts, dispatch_count, idle (the caller is busy)',
    json_encode(['got' => $st['workers'], 'req' => $req, 'disp' => $disp, 'pids' => $pids, 'caller' => $cw]));
swt_check($st['idle_worker_num'] === 1, 'idle_worker_num 1 (the caller is busy)', (string) $st['idle_worker_num']);

/* ---- after a reload ---- */
$req[$cw] += 1;                /* the STATS above has completed by now */
$r = lt_cmd($ctl, 'RELOAD');
$req[$cw] += 1;
$disp[$cw] += 1;
swt_check($r === 'reload:true', 'reload() returned true');
$s->waitFor('/^WSE /m', 4);
$new = $s->workerPids();
$st = null;
$extra = 0;                    /* STATS completed by the caller's new process before the one that counts */
swt_wait_until(function () use ($ctl, &$st, &$disp, &$req, &$extra, $cw) {
    $disp[$cw] += 1;
    $st = lt_stats($ctl);
    if ($st['reload_count'] === 1) {
        return true;
    }
    $req[$cw] += 1;
    $extra++;
    return false;
}, 5, 'reload_count 1');
$wOk = true;
foreach ([0, 1] as $w) {
    $e = $st['workers'][$w] ?? [];
    $wOk = $wOk && ($e['pid'] ?? 0) === $new[$w] && $new[$w] !== $pids[$w] && ($e['start_count'] ?? 0) === 2
        && ($e['request_count'] ?? -1) === ($w === $cw ? $extra : 0) && ($e['total_request_count'] ?? -1) === $req[$w]
        && ($e['dispatch_count'] ?? -1) === $disp[$w];
}
swt_check($wOk, 'after the reload: new pids, start_count 2, request_count 0 in the new processes, totals kept',
    json_encode(['got' => $st['workers'], 'req' => $req, 'disp' => $disp]));
swt_check($st['request_count'] === $req[0] + $req[1] && $st['worker_request_count'] === $extra,
    'request_count keeps counting across processes', json_encode([$st['request_count'], $req]));
swt_check($st['accept_count'] === 7 && $st['connection_num'] === 4, 'connections unchanged by the reload');
fclose($ctl);
foreach ($clients as $c) {
    fclose($c);
}
swt_check($s->stop() === 0, 'exit code 0 after SIGTERM');
?>
--EXPECT--
ok - the clients are spread over both workers
ok - stats() has every documented key
ok - start_time is when the server started
ok - accept_count 7, close_count 3, connection_num 4
ok - worker_num 2, no task workers, no reload
ok - request_count 22 (1 WHO + 21 requests; the running STATS is not complete)
ok - dispatch_count: 7 connects + 23 receives + 3 closes
ok - worker_request_count and worker_dispatch_count of the calling worker
ok - workers[]: pid, start_count, request counts, dispatch_count, idle (the caller is busy)
ok - idle_worker_num 1 (the caller is busy)
ok - reload() returned true
ok - after the reload: new pids, start_count 2, request_count 0 in the new processes, totals kept
ok - request_count keeps counting across processes
ok - connections unchanged by the reload
ok - exit code 0 after SIGTERM
