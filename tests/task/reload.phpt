--TEST--
task workers (task_ipc_mode 1): SIGUSR2 reloads the task workers only while tasks are queued (all complete, a taskwait spanning it gets its result); SIGUSR1 reloads every process
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/task.inc';

$s = tk_server(['worker_num' => 2, 'task_worker_num' => 2, 'dispatch_mode' => 2, 'task_ipc_mode' => 1]);
[$c0, $c1] = array_values(tk_connect_workers($s, [0, 1]));
$before = $s->workerPids('WS');
$slow = '"_code" => "usleep(50000); return [\"i\" => \$data[\"i\"], \"pid\" => getmypid()];"';

/* 20 tasks from worker 0, 10 from worker 1 and a taskwait behind them: about 0.8 s of work for the two task workers */
$ids0 = tk_eval($c0, '$ids = []; for ($i = 0; $i < 20; $i++) { $ids[$i] = $server->task(["i" => $i, ' . $slow . ']); } return $ids;')['r'];
tk_send($c1, '$ids = []; for ($i = 0; $i < 10; $i++) { $ids[$i] = $server->task(["i" => $i, ' . $slow . ']); }
    echo "QUEUED1\n";
    $t = hrtime(true);
    $r = $server->taskwait(["_code" => "usleep(50000); return getmypid();"], 10.0);
    return [$ids, $r, (hrtime(true) - $t) / 1e9];');
$s->waitFor('/^QUEUED1$/m');
swt_kill($s->masterPid, SIGUSR2);
[$ids1, $twPid, $twEl] = tk_recv($c1, 12, 'the tasks of worker 1')['r'];

$s->waitFor('/^FIN 0 /m', 20, 15);
$s->waitFor('/^FIN 1 /m', 10, 15);
$got = [0 => [], 1 => []];
foreach (tk_fins($s) as [$wid, $tid, $data]) {
    $got[$wid][$tid][] = $data['i'] ?? null;
}
$want = [0 => [], 1 => []];
foreach ($ids0 as $i => $id) {
    $want[0][$id] = [$i];
}
foreach ($ids1 as $i => $id) {
    $want[1][$id] = [$i];
}
ksort($got[0]);
ksort($got[1]);
ksort($want[0]);
ksort($want[1]);
swt_check(count($ids0) === 20 && count($ids1) === 10 && $got === $want, 'all 30 queued tasks completed across the reload, each once',
    tk_show(['got' => $got, 'want' => $want]));
$n = ['old' => 0, 'new' => 0];
foreach (tk_fins($s) as [, , $data]) {
    $n[in_array($data['pid'] ?? 0, [$before[2], $before[3]], true) ? 'old' : 'new']++;
}
swt_check($n['old'] >= 1 && $n['new'] >= 1, 'the reload came while tasks were queued (old and new processes both handled some)', json_encode($n));
swt_check(is_int($twPid) && $twPid > 0, 'the taskwait spanning the reload got its result', tk_show([$twPid, $twEl]));

$s->waitFor('/^WS [23] (\d+) 1$/m', 4);
swt_wait_until(fn() => !swt_alive($before[2]) && !swt_alive($before[3]), 5, 'old task workers to exit', false);
$after = $s->workerPids('WS');
swt_check($after[2] !== $before[2] && $after[3] !== $before[3] && !swt_alive($before[2]) && !swt_alive($before[3])
    && swt_alive($after[2]) && swt_alive($after[3]), 'SIGUSR2: both task workers have new processes, the old ones are gone',
    json_encode([$before, $after]));
$wsWorkers = array_filter(tk_ws($s), fn($e) => $e[0] < 2);
swt_check(count($wsWorkers) === 2 && $after[0] === $before[0] && $after[1] === $before[1] && swt_alive($before[0]) && swt_alive($before[1]),
    'SIGUSR2: the workers kept their processes', json_encode([$before, $after]));
$r = tk_eval($c0, 'return [$server->taskwait("x", 2.0, 2)["pid"] ?? null, $server->taskwait("y", 2.0, 3)["pid"] ?? null];')['r'];
swt_check($r === [$after[2], $after[3]], 'the new task workers serve taskwait()', tk_show([$r, $after]));
$st = null;
swt_wait_until(function () use ($c0, &$st) {
    $st = tk_eval($c0, 'return $server->stats();')['r'];
    return ($st['tasking_num'] ?? null) === 0;
}, 5, 'tasking_num 0', false);
swt_check(($st['tasking_num'] ?? null) === 0 && ($st['task_worker_num'] ?? null) === 2, 'stats(): tasking_num 0, task_worker_num 2',
    tk_show([$st['tasking_num'] ?? null, $st['task_worker_num'] ?? null]));

/* ---- SIGUSR1: every process ---- */
$nWs = count(tk_ws($s));
swt_kill($s->masterPid, SIGUSR1);
$s->waitFor('/^WS \d+ \d+ [01]$/m', $nWs + 4);
$final = $s->workerPids('WS');
$changed = true;
foreach ([0, 1, 2, 3] as $w) {
    $changed = $changed && $final[$w] !== $after[$w] && swt_alive($final[$w]);
}
swt_check($changed, 'SIGUSR1: all four processes replaced', json_encode([$after, $final]));
$r = tk_eval($c0, 'return [$server->worker_id, getmypid(), $server->taskwait("z", 2.0)["data"] ?? null];', 5)['r'];
swt_check($r === [0, $final[0], 'z'], 'the new worker 0 gives tasks', tk_show([$r, $final]));
swt_check(!$s->matches('/^WERR /m') && !preg_match('/Fatal|Segmentation/i', $s->stderr()), 'no process died abnormally', substr($s->stderr(), 0, 2000));
fclose($c0);
fclose($c1);
swt_check($s->stop() === 0, 'exit code 0 after SIGTERM');
?>
--EXPECT--
ok - all 30 queued tasks completed across the reload, each once
ok - the reload came while tasks were queued (old and new processes both handled some)
ok - the taskwait spanning the reload got its result
ok - SIGUSR2: both task workers have new processes, the old ones are gone
ok - SIGUSR2: the workers kept their processes
ok - the new task workers serve taskwait()
ok - stats(): tasking_num 0, task_worker_num 2
ok - SIGUSR1: all four processes replaced
ok - the new worker 0 gives tasks
ok - no process died abnormally
ok - exit code 0 after SIGTERM
