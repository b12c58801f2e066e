--TEST--
task workers (task_ipc_mode 3): the first free task worker takes each task; a task worker killed mid-task fails its taskwait at once, the queued tasks are all done once by the others; dstWorkerId is refused
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/task.inc';

$s = tk_server(['worker_num' => 2, 'task_worker_num' => 2, 'dispatch_mode' => 2, 'task_ipc_mode' => 3]);
[$c0, $c1] = array_values(tk_connect_workers($s, [0, 1]));

/* ---- a chosen task worker cannot be asked for ---- */
$r = tk_eval($c1, 'return [$server->task("x", 2), swoole_last_error()];');
swt_check($r['r'][0] === false && count($r['w']) === 1 && str_contains($r['w'][0], 'task_ipc_mode 3') && $r['r'][1] === 2004,
    'task($data, 2) with task_ipc_mode 3: false, a warning naming the mode, error 2004', tk_show($r));

/* ---- the free one takes it: with one task worker busy, the other does every task ---- */
$slow = 'echo "TSLOW " . $server->worker_id . " " . getmypid() . "\n"; usleep(1500000); return "slow done";';
$ids = tk_eval($c1, 'return $server->task(["_code" => ' . var_export($slow, true) . ']);')['r'];
$m = $s->waitFor('/^TSLOW (\d+) (\d+)$/m');
$slowWid = (int) $m[0][1];
$r = tk_eval($c1, '$w = []; for ($i = 0; $i < 20; $i++) { $w[] = $server->taskwait($i, 2.0)["wid"] ?? null; } return $w;', 10)['r'];
swt_check(count(array_unique($r)) === 1 && $r[0] === 5 - $slowWid,
    'while task worker ' . $slowWid . ' is busy, all 20 taskwait()s are served by the other one', json_encode($r));
$s->waitFor('/^FIN 1 ' . $ids . ' /m', 1, 5);

/* ---- kill the task worker holding a taskwait's task; tasks queued behind go to whoever is free ---- */
$busy = 'echo "TBUSY " . $server->worker_id . " $taskId " . getmypid() . "\n"; usleep(20000000); return "never";';
$short = 'echo "TSHORT " . $server->worker_id . " " . getmypid() . "\n"; usleep(1200000); return "short done";';
tk_send($c0, '$t = hrtime(true); $r = $server->taskwait(["_code" => ' . var_export($busy, true) . '], 10.0);
    return [$r, (hrtime(true) - $t) / 1e9, swoole_last_error()];');
$m = $s->waitFor('/^TBUSY (\d+) (\d+) (\d+)$/m');
$busyWid = (int) $m[0][1];
$pid = (int) $m[0][3];
/* the other task worker gets busy too, then three tasks wait in the queue */
tk_eval($c1, 'return $server->task(["_code" => ' . var_export($short, true) . ']);');
$s->waitFor('/^TSHORT (\d+) (\d+)$/m');
$qids = tk_eval($c1, 'return [$server->task(["q" => 1]), $server->task(["q" => 2]), $server->task(["q" => 3])];')['r'];
$st = tk_eval($c1, 'return $server->stats();')['r'];
swt_check(($st['tasking_num'] ?? null) === 5, 'stats(): tasking_num 5 (two in hand, three in the queue)', tk_show($st['tasking_num'] ?? null));
$tKill = swt_now();
swt_kill($pid, 9);
$r = tk_recv($c0, 12, 'the taskwait')['r'];
$after = swt_now() - $tKill;
swt_check($r[0] === false && $after < 1.0 && $r[2] !== 0, 'the taskwait() returned false within 1 s of the kill, error set',
    sprintf('%s, %.3f s after the kill', tk_show($r), $after));
$s->waitFor('/^WERR ' . $busyWid . ' ' . $pid . ' /m');
$fins = [];
swt_wait_until(function () use ($s, $qids, &$fins) {
    $fins = [];
    foreach (tk_fins($s) as [$wid, $tid, $data]) {
        if ($wid === 1 && in_array($tid, $qids, true)) {
            $fins[$tid][] = $data['data']['q'] ?? null;
        }
    }
    return count($fins) === 3;
}, 8, 'the queued tasks', false);
ksort($fins);
swt_check($fins === [$qids[0] => [1], $qids[1] => [2], $qids[2] => [3]], 'the three queued tasks were each done once', tk_show([$qids, $fins]));
$st = null;
swt_wait_until(function () use ($c0, &$st) {
    $st = tk_eval($c0, 'return $server->stats();')['r'];
    return ($st['tasking_num'] ?? null) === 0;
}, 5, 'tasking_num 0', false);
swt_check(($st['tasking_num'] ?? null) === 0, 'stats(): tasking_num back to 0', tk_show($st['tasking_num'] ?? null));
$r = tk_eval($c0, '$w = []; for ($i = 0; $i < 6; $i++) { $w[] = $server->taskwait("again", 2.0)["data"] ?? null; } return $w;')['r'];
swt_check($r === array_fill(0, 6, 'again'), 'taskwait() works again afterwards', tk_show($r));
fclose($c0);
fclose($c1);
swt_check($s->stop() === 0, 'exit code 0 after SIGTERM');
?>
--EXPECTF--
ok - task($data, 2) with task_ipc_mode 3: false, a warning naming the mode, error 2004
ok - while task worker %d is busy, all 20 taskwait()s are served by the other one
ok - stats(): tasking_num 5 (two in hand, three in the queue)
ok - the taskwait() returned false within 1 s of the kill, error set
ok - the three queued tasks were each done once
ok - stats(): tasking_num back to 0
ok - taskwait() works again afterwards
ok - exit code 0 after SIGTERM
