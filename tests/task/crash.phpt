--TEST--
task workers (task_ipc_mode 1): a task worker killed (SIGKILL) mid-task; taskwait(…, 10) returns false at once, the tasks queued behind are done by the replacement, tasking_num returns to 0
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/task.inc';

$s = tk_server(['worker_num' => 2, 'task_worker_num' => 2, 'dispatch_mode' => 2, 'task_ipc_mode' => 1]);
[$c0, $c1] = array_values(tk_connect_workers($s, [0, 1]));
$busy = 'echo "TBUSY " . $server->worker_id . " $taskId " . getmypid() . "\n"; usleep(20000000); return "never";';

/* ---- a taskwait() waiting for the killed task ---- */
tk_send($c0, '$t = hrtime(true); $r = $server->taskwait(["_code" => ' . var_export($busy, true) . '], 10.0, 2);
    return [$r, (hrtime(true) - $t) / 1e9, swoole_last_error()];');
$m = $s->waitFor('/^TBUSY 2 (\d+) (\d+)$/m');
$pid = (int) $m[0][2];
$ids = tk_eval($c1, 'return [$server->task(["q" => 1], 2), $server->task(["q" => 2], 2), $server->task(["q" => 3], 2)];')['r'];
$st = tk_eval($c1, 'return $server->stats();')['r'];
swt_check(($st['tasking_num'] ?? null) === 4, 'stats(): tasking_num 4 (one in hand, three queued)', tk_show($st['tasking_num'] ?? null));
$tKill = swt_now();
swt_kill($pid, 9);
$r = tk_recv($c0, 12, 'the taskwait')['r'];
$after = swt_now() - $tKill;
swt_check($r[0] === false, 'taskwait() returned false', tk_show($r));
swt_check($after < 1.0, 'within 1 s of the kill, not at its 10 s timeout', sprintf('%.3f s after the kill, %.3f s in all', $after, $r[1]));
swt_check($r[2] !== 0, 'swoole_last_error() is set', tk_show($r[2]));

$werr = $s->waitFor('/^WERR 2 ' . $pid . ' (-?\d+) (\d+)$/m');
swt_check((int) $werr[0][2] === 9, 'onWorkerError(2, pid, …, signal 9) in the manager', $werr[0][0]);
$s->waitFor('/^WS 2 (\d+) 1$/m', 2);
$new = $s->workerPids('WS')[2];
swt_check($new !== $pid && swt_alive($new) && !swt_alive($pid), 'task worker 2 was replaced by a new process (taskworker true)', "$pid -> $new");

/* the three tasks queued behind the killed one are done by the replacement */
$fins = [];
$s->waitFor('/^FIN 1 /m', 3);
foreach (tk_fins($s) as [$wid, $tid, $data]) {
    if ($wid === 1) {
        $fins[$tid] = [$data['data']['q'] ?? null, $data['pid'] ?? null];
    }
}
ksort($fins);
swt_check(is_array($ids) && $fins === [$ids[0] => [1, $new], $ids[1] => [2, $new], $ids[2] => [3, $new]],
    'the three queued tasks were completed by the replacement, each once', tk_show([$ids, $fins, $new]));

$r = tk_eval($c0, 'return $server->taskwait("again", 2.0, 2);')['r'];
swt_check(($r['data'] ?? null) === 'again' && $r['pid'] === $new, 'taskwait() to task worker 2 works again, served by the new process', tk_show($r));

$st = null;
swt_wait_until(function () use ($c0, &$st) {
    $st = tk_eval($c0, 'return $server->stats();')['r'];
    return ($st['tasking_num'] ?? null) === 0;
}, 5, 'tasking_num 0', false);
swt_check(($st['tasking_num'] ?? null) === 0 && ($st['task_worker_num'] ?? null) === 2, 'stats(): tasking_num back to 0, task_worker_num 2',
    tk_show([$st['tasking_num'] ?? null, $st['task_worker_num'] ?? null]));

/* ---- an async task() whose task worker is killed: no result, nothing hangs ---- */
$id = tk_eval($c1, 'return $server->task(["_code" => ' . var_export($busy, true) . '], 3);')['r'];
$m = $s->waitFor('/^TBUSY 3 (\d+) (\d+)$/m');
$pid3 = (int) $m[0][2];
swt_kill($pid3, 9);
$s->waitFor('/^WS 3 (\d+) 1$/m', 2);
$new3 = $s->workerPids('WS')[3];
$r = tk_eval($c1, 'return $server->taskwait("after", 2.0, 3);')['r'];
swt_check(($r['data'] ?? null) === 'after' && $r['pid'] === $new3 && $new3 !== $pid3, 'task worker 3 killed during a task(): replaced, serves again', tk_show([$r, $pid3, $new3]));
swt_wait_until(function () use ($c1, &$st) {
    $st = tk_eval($c1, 'return $server->stats();')['r'];
    return ($st['tasking_num'] ?? null) === 0;
}, 5, 'tasking_num 0', false);
swt_check(($st['tasking_num'] ?? null) === 0, 'stats(): tasking_num back to 0', tk_show($st['tasking_num'] ?? null));
swt_check(!$s->matches('/^FIN 1 ' . $id . ' /m'), 'no onFinish for the lost task');

/* the workers were not touched */
$ws = array_filter(tk_ws($s), fn($e) => $e[0] < 2);
swt_check(count($ws) === 2, 'the workers were not restarted', json_encode($ws));
fclose($c0);
fclose($c1);
swt_check($s->stop() === 0, 'exit code 0 after SIGTERM');
?>
--EXPECT--
ok - stats(): tasking_num 4 (one in hand, three queued)
ok - taskwait() returned false
ok - within 1 s of the kill, not at its 10 s timeout
ok - swoole_last_error() is set
ok - onWorkerError(2, pid, …, signal 9) in the manager
ok - task worker 2 was replaced by a new process (taskworker true)
ok - the three queued tasks were completed by the replacement, each once
ok - taskwait() to task worker 2 works again, served by the new process
ok - stats(): tasking_num back to 0, task_worker_num 2
ok - task worker 3 killed during a task(): replaced, serves again
ok - stats(): tasking_num back to 0
ok - no onFinish for the lost task
ok - the workers were not restarted
ok - exit code 0 after SIGTERM
