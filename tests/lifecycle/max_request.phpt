--TEST--
max_request: with grace 0 a worker is replaced after exactly N requests (stats agree); with the default grace each worker's limit lies in [N, N + N/2] and differs between workers
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/load.inc';

/* ---- max_request 5, grace 0 ---- */
$s = lt_server(['worker_num' => 2, 'reactor_num' => 1, 'dispatch_mode' => 2, 'max_request' => 5, 'max_request_grace' => 0]);
$c = swt_connect($s->port);
$seq = [];
$w = null;
for ($i = 1; $i <= 23; $i++) {
    $r = lt_cmd($c, 'WHO');
    if ($r === null || !preg_match('/^W (\d+) (\d+) (\d+)$/', $r, $m) || ($w !== null && (int) $m[1] !== $w)) {
        swt_fail("request $i: bad answer " . var_export($r, true));
    }
    $w = (int) $m[1];
    $seq[] = ['pid' => (int) $m[2], 'n' => (int) $m[3]];
}
$other = 1 - $w;
$first = array_values(array_filter(lt_marks($s, 'WS'), fn($e) => $e[0] === $w))[0][1];
$groups = [];
$counterOk = true;
foreach ($seq as $e) {
    $groups[$e['pid']] = ($groups[$e['pid']] ?? 0) + 1;
    $counterOk = $counterOk && $e['n'] === $groups[$e['pid']];
}
swt_check(array_values($groups) === [5, 5, 5, 5, 3], '23 requests: processes answered 5, 5, 5, 5, 3', json_encode($groups));
swt_check($counterOk, "each process counted its own requests from 1");
$pids = array_keys($groups);
swt_check($pids[0] === $first, 'the first process was the first one of that worker');
$gone = array_filter(array_slice($pids, 0, 4), 'swt_alive');
swt_check(!$gone, 'the recycled processes are gone', json_encode($gone));

/* request 24 on that worker is STATS: its process has completed 3 */
$st = lt_stats($c);
$w0 = $st['workers'][$w] ?? [];
$w1 = $st['workers'][$other] ?? [];
swt_check($st['worker_request_count'] === 3, 'stats: worker_request_count 3 (requests this process completed)', (string) $st['worker_request_count']);
swt_check(($w0['pid'] ?? 0) === $pids[4] && ($w0['start_count'] ?? 0) === 5 && ($w0['request_count'] ?? -1) === 3
    && ($w0['total_request_count'] ?? -1) === 23,
    'stats: the worker has had 5 processes, 3 requests in this one, 23 in all', json_encode($w0));
swt_check(($w1['start_count'] ?? 0) === 1 && ($w1['total_request_count'] ?? -1) === 0,
    'stats: the other worker untouched', json_encode($w1));
swt_check($st['request_count'] === 23, 'stats: request_count 23', (string) $st['request_count']);
$r = lt_cmd($c, 'WHO');   /* 25th: the 5th of this process */
swt_check($r !== null && str_starts_with($r, "W $w {$pids[4]} "), 'request 25 still in the same process', var_export($r, true));
$r = lt_cmd($c, 'WHO');
swt_check($r !== null && preg_match('/^W ' . $w . ' (\d+) 1$/', $r, $m) && (int) $m[1] !== $pids[4], 'request 26 in a new process', var_export($r, true));
swt_check(count($s->matches('/^WERR /m')) === 0 && count($s->matches('/^WSTOP ' . $w . ' /m')) === 5,
    'recycling ran onWorkerStop, no onWorkerError', $s->stdout());
fclose($c);
swt_check($s->stop() === 0, 'exit code 0 after SIGTERM');

/* ---- max_request 6, default grace (3): each process's limit in [6, 9] ---- */
$N = 6;
$s = lt_server(['worker_num' => 4, 'reactor_num' => 1, 'dispatch_mode' => 2, 'max_request' => $N]);
$conns = [];
for ($i = 0; $i < 8; $i++) {
    $conns[] = swt_connect($s->port);
}
$byPid = [];    /* pid => [worker, answers] */
$order = [];    /* worker => [pid, ...] in order of appearance */
for ($round = 0; $round < 30; $round++) {
    foreach ($conns as $c) {
        $r = lt_cmd($c, 'WHO');
        if ($r === null || !preg_match('/^W (\d+) (\d+) (\d+)$/', $r, $m)) {
            swt_fail('bad answer ' . var_export($r, true));
        }
        [$w, $pid] = [(int) $m[1], (int) $m[2]];
        if (!isset($byPid[$pid])) {
            $byPid[$pid] = [$w, 0];
            $order[$w][] = $pid;
        }
        $byPid[$pid][1]++;
    }
}
$limits = [];
$bad = [];
foreach ($order as $w => $list) {
    /* every process but the last of each worker was recycled: its count is its limit */
    foreach (array_slice($list, 0, -1) as $pid) {
        $n = $byPid[$pid][1];
        $limits[] = $n;
        if ($n < $N || $n > $N + intdiv($N, 2)) {
            $bad[] = "worker $w pid $pid: $n";
        }
    }
}
ksort($order);
swt_check(array_keys($order) === [0, 1, 2, 3] && count($limits) >= 12, 'all 4 workers were recycled several times',
    json_encode(array_map('count', $order)));
swt_check(!$bad, "each recycled process handled between $N and " . ($N + intdiv($N, 2)) . ' requests', implode(', ', $bad));
swt_check(count(array_unique($limits)) >= 2, 'the limits differ between processes (jitter)', json_encode($limits));
foreach ($conns as $c) {
    fclose($c);
}
swt_check($s->stop() === 0, 'exit code 0 after SIGTERM');
?>
--EXPECT--
ok - 23 requests: processes answered 5, 5, 5, 5, 3
ok - each process counted its own requests from 1
ok - the first process was the first one of that worker
ok - the recycled processes are gone
ok - stats: worker_request_count 3 (requests this process completed)
ok - stats: the worker has had 5 processes, 3 requests in this one, 23 in all
ok - stats: the other worker untouched
ok - stats: request_count 23
ok - request 25 still in the same process
ok - request 26 in a new process
ok - recycling ran onWorkerStop, no onWorkerError
ok - exit code 0 after SIGTERM
ok - all 4 workers were recycled several times
ok - each recycled process handled between 6 and 9 requests
ok - the limits differ between processes (jitter)
ok - exit code 0 after SIGTERM
