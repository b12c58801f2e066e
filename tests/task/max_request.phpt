--TEST--
task workers (task_ipc_mode 1): task_max_request 3 replaces a task worker after exactly 3 tasks; tasks queued meanwhile are all done by the next process
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/task.inc';

$s = tk_server(['worker_num' => 1, 'task_worker_num' => 1, 'task_max_request' => 3, 'task_ipc_mode' => 1]);
$c = swt_connect($s->port);
$first = $s->workerPids('WS')[1];

/* one at a time */
$r = tk_eval($c, '$pids = []; for ($i = 0; $i < 10; $i++) { $pids[] = $server->taskwait($i, 3.0)["pid"] ?? false; } return $pids;', 40)['r'];
$groups = [];
foreach ($r as $p) {
    $groups[$p] = ($groups[$p] ?? 0) + 1;
}
swt_check(!in_array(false, $r, true) && array_values($groups) === [3, 3, 3, 1], '10 taskwait()s: the processes served 3, 3, 3, 1', json_encode($r));
$pids = array_keys($groups);
swt_check($pids[0] === $first, 'the first process was the first task worker', "$first vs {$pids[0]}");
swt_check(count(array_unique($pids)) === 4 && !array_filter(array_slice($pids, 0, 3), 'swt_alive') && swt_alive($pids[3]),
    'the recycled processes are gone, the fourth serves', json_encode($pids));
$s->waitFor('/^WS 1 \d+ 1$/m', 4);
swt_check(count($s->matches('/^WSTOP 1 /m')) >= 3 && !$s->matches('/^WERR /m'), 'recycling ran onWorkerStop, no onWorkerError');

/* ten queued at once: the fourth process does 2 more, then 3, 3, 2 */
$ids = tk_eval($c, '$ids = []; for ($i = 0; $i < 10; $i++) { $ids[] = $server->task($i); } return $ids;')['r'];
$s->waitFor('/^FIN 0 /m', 10, 15);
$byId = [];
foreach (tk_fins($s) as [, $tid, $data]) {
    $byId[$tid][] = [$data['data'] ?? null, $data['pid'] ?? null];
}
ksort($byId);
$order = [];
$ok = count($byId) === 10;
foreach ($ids as $i => $id) {
    $ok = $ok && count($byId[$id] ?? []) === 1 && $byId[$id][0][0] === $i;
    $order[] = $byId[$id][0][1] ?? null;
}
swt_check($ok, '10 queued task()s: every one completed once', tk_show($byId));
$groups = [];
foreach ($order as $p) {
    $groups[$p] = ($groups[$p] ?? 0) + 1;
}
swt_check(array_values($groups) === [2, 3, 3, 2] && array_key_first($groups) === $pids[3], 'in task order, the processes served 2 (the fourth), 3, 3, 2',
    json_encode($order));
$st = null;
swt_wait_until(function () use ($c, &$st) {
    $st = tk_eval($c, 'return $server->stats();')['r'];
    return ($st['tasking_num'] ?? null) === 0;
}, 5, 'tasking_num 0', false);
swt_check(($st['tasking_num'] ?? null) === 0 && ($st['task_worker_num'] ?? null) === 1, 'stats(): tasking_num 0, task_worker_num 1',
    tk_show([$st['tasking_num'] ?? null, $st['task_worker_num'] ?? null]));
swt_check(!$s->matches('/^WERR /m') && count(tk_ws($s)) === 1 + 7 && !preg_match('/Fatal|Segmentation/i', $s->stderr()),
    'the worker was never restarted; 7 task worker processes in all', json_encode(tk_ws($s)));
fclose($c);
swt_check($s->stop() === 0, 'exit code 0 after SIGTERM');
?>
--EXPECT--
ok - 10 taskwait()s: the processes served 3, 3, 3, 1
ok - the first process was the first task worker
ok - the recycled processes are gone, the fourth serves
ok - recycling ran onWorkerStop, no onWorkerError
ok - 10 queued task()s: every one completed once
ok - in task order, the processes served 2 (the fourth), 3, 3, 2
ok - stats(): tasking_num 0, task_worker_num 1
ok - the worker was never restarted; 7 task worker processes in all
ok - exit code 0 after SIGTERM
