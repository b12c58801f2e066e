--TEST--
task workers (task_ipc_mode 1): ids and roles, task()/onFinish with every type, per-task callbacks, onTask return vs finish(), taskwait and its timeout, taskWaitMulti, sendMessage in every direction, the error cases
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/task.inc';

/* ---- set(): task_ipc_mode 1 to 3 and ipc_mode 1 and 2 are accepted, anything else throws naming the key ---- */
$probe = <<<'PHP'
foreach ([['task_ipc_mode', 1], ['task_ipc_mode', 2], ['task_ipc_mode', 3], ['task_ipc_mode', 4], ['task_ipc_mode', 0],
        ['ipc_mode', 1], ['ipc_mode', 2], ['ipc_mode', 3], ['message_queue_key', -5], ['message_queue_key', 0x5157]] as [$k, $v]) {
    $s = new Swoole\Server('127.0.0.1', 0);
    try {
        $s->set(['task_worker_num' => 1, $k => $v]);
        echo "$k=$v: accepted\n";
    } catch (Throwable $e) {
        echo "$k=$v: " . get_class($e) . ': ' . $e->getMessage() . "\n";
    }
}
PHP;
$argv = swt_php_argv();
$argv[] = '-r';
$argv[] = $probe;
$p = proc_open($argv, swt_descriptor_spec([0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']]), $pipes);
$out = stream_get_contents($pipes[1]) . stream_get_contents($pipes[2]);
proc_close($p);
$accepted = preg_match_all('/^(\S+): accepted$/m', $out, $m) ? $m[1] : [];
$refused = preg_match_all('/^(\S+): Swoole.Exception: .*\b(task_ipc_mode|ipc_mode|message_queue_key)\b/m', $out, $m) ? $m[1] : [];
swt_check($accepted === ['task_ipc_mode=1', 'task_ipc_mode=2', 'task_ipc_mode=3', 'ipc_mode=1', 'ipc_mode=2', 'message_queue_key=20823']
    && $refused === ['task_ipc_mode=4', 'task_ipc_mode=0', 'ipc_mode=3', 'message_queue_key=-5'],
    'set(): task_ipc_mode 1-3, ipc_mode 1-2 and a message_queue_key are accepted; other values throw naming the key', $out);

$s = tk_server(['worker_num' => 2, 'task_worker_num' => 2, 'dispatch_mode' => 2, 'task_ipc_mode' => 1], [
    'before_start' => 'echo "BEFORE " . tk_enc([tk_capture(fn() => $server->task("early")), tk_capture(fn() => $server->taskwait("early", 0.2))]) . "\n";',
    'on_start' => 'echo "ONSTART " . tk_enc([tk_capture(fn() => $server->task("x")), tk_capture(fn() => $server->taskwait("x", 0.2)), tk_capture(fn() => $server->taskWaitMulti(["x"], 0.2))]) . "\n";',
]);

/* ---- ids and roles ---- */
$ws = tk_ws($s);
$roles = [];
foreach ($ws as [$id, $pid, $tw]) {
    $roles[$id] = $tw;
}
ksort($roles);
swt_check(count($ws) === 4 && $roles === [0 => '0', 1 => '0', 2 => '1', 3 => '1'],
    'onWorkerStart ran for workers 0, 1 (taskworker false) and task workers 2, 3 (taskworker true)', json_encode($ws));
swt_check(count(array_unique(array_column($ws, 1))) === 4, 'four distinct processes');

/* ---- before start(), in onStart ---- */
$m = $s->waitFor('/^BEFORE (\S+)$/m');
[[$r1, $w1], [$r2, $w2]] = tk_dec($m[0][1]);
swt_check($r1 === false && count($w1) === 1 && $r2 === false && count($w2) === 1,
    'task() and taskwait() before start(): false and a warning', tk_show(tk_dec($m[0][1])));
$m = $s->waitFor('/^ONSTART (\S+)$/m');
$v = tk_dec($m[0][1]);
swt_check($v[0][0] === false && count($v[0][1]) === 1 && $v[1][0] === false && count($v[1][1]) === 1
    && $v[2][0] === false && count($v[2][1]) === 1,
    'task(), taskwait(), taskWaitMulti() in onStart: false and a warning', tk_show($v));

$conns = tk_connect_workers($s, [0, 1]);
$c0 = $conns[0];
$c1 = $conns[1];

/* ---- task() + onFinish, every type ---- */
$values = [
    'str' => "bin\0ary \xff\xfe string\n",
    'empty' => '',
    'arr' => [1, 'a' => [true, null, 1.5], 'nested' => ['x' => ['y' => 'z']]],
    'obj' => (object) ['x' => 1, 'y' => [2, 3]],
    'int' => 42,
    'float' => -1.25,
    'null' => null,
    'false' => false,
    'true' => true,
];
$r = tk_eval($c0, 'return array_map(fn($v) => $server->task($v), ' . var_export($values, true) . ');');
$ids = $r['r'];
swt_check(is_array($ids) && count($ids) === count($values) && count(array_filter($ids, 'is_int')) === count($values)
    && count(array_unique($ids)) === count($values) && !$r['w'],
    'task() returned a distinct int id for each of ' . count($values) . ' tasks, no warning', tk_show($r));
$s->waitFor('/^FIN 0 /m', count($values));
$fins = [];
foreach (tk_fins($s) as [$wid, $tid, $data]) {
    if ($wid === 0) {
        $fins[$tid][] = $data;
    }
}
$bad = [];
foreach ($values as $k => $v) {
    $id = $ids[$k] ?? null;
    $got = $fins[$id] ?? [];
    $d = $got[0] ?? null;
    $same = is_object($v) ? (($d['data'] ?? null) instanceof stdClass && $d['data'] == $v) : (is_array($d) && array_key_exists('data', $d) && $d['data'] === $v);
    if (count($got) !== 1 || !is_array($d) || $d['tid'] !== $id || $d['src'] !== 0 || !in_array($d['wid'], [2, 3], true) || !$same) {
        $bad[] = "$k: " . tk_show($got);
    }
}
swt_check(!$bad && count($fins) === count($values),
    'onFinish once per task with its id; onTask saw the same id, src 0 and the data with its type (strings byte-exact, arrays, objects, scalars, null)',
    implode('; ', $bad));
$used = array_unique(array_map(fn($l) => $l[0]['wid'], $fins));
sort($used);
swt_check($used === [2, 3], 'dst -1 spread the tasks over both task workers', json_encode($used));

/* results of other types, and onTask returning null: no result */
$r = tk_eval($c0, 'return [
    $server->task(["_code" => "return null;"], 2),
    $server->task(["_code" => "return \"\";"], 2),
    $server->task(["_code" => "return false;"], 2),
    $server->task(["_code" => "return \"raw\\0\\xff\";"], 2),
    $server->task(["_code" => "return 0;"], 2),
];');
[$idNull, $idEmpty, $idFalse, $idRaw, $idZero] = $r['r'];
$s->waitFor('/^FIN 0 ' . $idZero . ' /m');
$byId = [];
foreach (tk_fins($s) as [$wid, $tid, $data]) {
    if ($wid === 0) {
        $byId[$tid][] = $data;
    }
}
swt_check(!isset($byId[$idNull]), 'onTask returning null sends no result (no onFinish)', tk_show($byId[$idNull] ?? null));
swt_check(($byId[$idEmpty] ?? null) === [''] && ($byId[$idFalse] ?? null) === [false] && ($byId[$idRaw] ?? null) === ["raw\0\xff"]
    && ($byId[$idZero] ?? null) === [0],
    'results "", false, a binary string and 0 arrive as they are',
    tk_show([$byId[$idEmpty] ?? null, $byId[$idFalse] ?? null, $byId[$idRaw] ?? null, $byId[$idZero] ?? null]));

/* finish() then a return value: one result, the finish() one */
$r = tk_eval($c0, 'return [
    $server->task(["_code" => "\$a = \$server->finish(\"via-finish\"); echo \"FINISHRET \" . json_encode(\$a) . \"\\n\"; return \"via-return\";"], 3),
    $server->task(["_code" => "return \"via-return-only\";"], 3),
    $server->task("marker", 3),
];');
[$idF, $idR, $idM] = $r['r'];
$s->waitFor('/^FIN 0 ' . $idM . ' /m');
$byId = [];
foreach (tk_fins($s) as [$wid, $tid, $data]) {
    if ($wid === 0) {
        $byId[$tid][] = $data;
    }
}
swt_check(($byId[$idF] ?? null) === ['via-finish'] && $s->matches('/^FINISHRET true$/m'),
    'finish() in onTask sends the result (returns true); a return value after it sends nothing more', tk_show($byId[$idF] ?? null));
swt_check(($byId[$idR] ?? null) === ['via-return-only'], 'a non-null return value of onTask is the result', tk_show($byId[$idR] ?? null));

/* ---- per-task callback instead of onFinish ---- */
$r = tk_eval($c1, 'return [
    $server->task("cb-data", -1, function ($server, $taskId, $data) { echo "CB {$server->worker_id} $taskId " . tk_enc($data) . "\n"; }),
    $server->task("plain", -1),
];');
[$idCb, $idPlain] = $r['r'];
$m = $s->waitFor('/^CB 1 (\d+) (\S+)$/m');
$s->waitFor('/^FIN 1 ' . $idPlain . ' /m');
$cb = tk_dec($m[0][2]);
swt_check((int) $m[0][1] === $idCb && ($cb['data'] ?? null) === 'cb-data' && $cb['tid'] === $idCb && $cb['src'] === 1,
    'the callback given to task() got its id and result', tk_show([$m[0][1], $idCb, $cb]));
swt_check(count($s->matches('/^CB /m')) === 1 && !$s->matches('/^FIN 1 ' . $idCb . ' /m'),
    'onFinish was not called for that task, the callback only once');

/* ---- taskwait ---- */
$r = tk_eval($c0, '$t = hrtime(true); $a = $server->taskwait(["k" => "v", "o" => (object) ["p" => 1]], 5.0);
    $b = $server->taskwait(["_code" => "return \"plain\\0string\";"], 5.0, 3);
    $c = $server->taskwait(["_code" => "return null;"], 0.4);
    return [$a, $b, $c, (hrtime(true) - $t) / 1e9];');
[$a, $b, $cN, $el] = $r['r'];
swt_check(is_array($a) && ($a['data']['k'] ?? null) === 'v' && ($a['data']['o'] ?? null) instanceof stdClass && $a['src'] === 0,
    'taskwait() returns the result (array with an object inside)', tk_show($a));
swt_check($b === "plain\0string", 'taskwait() with a chosen task worker returns a string result byte-exact', tk_show($b));
swt_check($cN === false && $el < 2.0, 'taskwait() of a task without a result: false', tk_show([$cN, $el, $r['w']]));

/* a timeout, then a new taskwait on the same task worker: the late result must not be taken for the new one */
$r = tk_eval($c0, '$t = hrtime(true);
    $a = $server->taskwait(["_code" => "usleep(1200000); return \"late\";"], 0.3, 2);
    $ta = (hrtime(true) - $t) / 1e9;
    $err = swoole_last_error();
    $t = hrtime(true);
    $b = $server->taskwait(["_code" => "return \"fresh\";"], 5.0, 2);
    $tb = (hrtime(true) - $t) / 1e9;
    return [$a, $ta, $b, $tb, $err];', 15);
[$a, $ta, $b, $tb, $err] = $r['r'];
swt_check($a === false && $ta >= 0.28 && $ta < 0.8, 'taskwait(0.3) of a 1.2 s task: false after ~0.3 s', tk_show([$a, $ta]));
swt_check($err !== 0, 'swoole_last_error() is set after the timeout', (string) $err);
swt_check($b === 'fresh' && $tb > 0.5 && $tb < 3.0, 'the next taskwait on that task worker returns its own result, not the late one',
    tk_show([$b, $tb]));

/* ---- taskWaitMulti ---- */
$r = tk_eval($c1, 'return $server->taskWaitMulti(["a" => "A", 7 => ["x" => 1], "z" => (object) ["o" => 1], 0 => null], 5.0);');
$res = $r['r'];
$keys = is_array($res) ? array_keys($res) : [];
sort($keys);
swt_check(is_array($res) && count($res) === 4 && ($res['a']['data'] ?? null) === 'A' && ($res[7]['data'] ?? null) === ['x' => 1]
    && ($res['z']['data'] ?? null) == (object) ['o' => 1] && is_array($res[0] ?? null) && array_key_exists('data', $res[0]) && $res[0]['data'] === null,
    'taskWaitMulti(): every result under the key of its task', tk_show($res));
$r = tk_eval($c1, '$t = hrtime(true);
    $r = $server->taskWaitMulti(["q1" => "1", "q2" => "2", "slow" => ["_code" => "usleep(1500000); return \"slow\";"]], 0.5);
    return [$r, (hrtime(true) - $t) / 1e9];', 15);
[$res, $el] = $r['r'];
swt_check(is_array($res) && array_keys($res) == ['q1', 'q2'] && ($res['q1']['data'] ?? null) === '1' && ($res['q2']['data'] ?? null) === '2'
    && $el >= 0.45 && $el < 1.0,
    'taskWaitMulti(0.5) with a slow task: the other results after ~0.5 s, the slow one missing', tk_show([$res, $el]));
$r = tk_eval($c1, 'return $server->taskWaitMulti([], 0.5);');
swt_check($r['r'] === [], 'taskWaitMulti([]) returns []', tk_show($r));

/* ---- sendMessage ---- */
$r = tk_eval($c0, 'return [$server->sendMessage(["m" => "to-task", "o" => (object) ["q" => 1]], 2), $server->sendMessage("w2w\0bin", 1)];');
swt_check($r['r'] === [true, true], 'sendMessage() from a worker returns true', tk_show($r));
$pm = $s->waitFor('/^PM 2 0 (\S+)$/m');
$msg = tk_dec($pm[0][1]);
swt_check(is_array($msg) && $msg['m'] === 'to-task' && $msg['o'] instanceof stdClass, 'worker 0 -> task worker 2: onPipeMessage(src 0) with the array', tk_show($msg));
$pm = $s->waitFor('/^PM 1 0 (\S+)$/m');
swt_check(tk_dec($pm[0][1]) === "w2w\0bin", 'worker 0 -> worker 1: onPipeMessage(src 0) with the string byte-exact', tk_show(tk_dec($pm[0][1])));
$r = tk_eval($c0, 'return $server->taskwait(["_code" => "return [\$server->sendMessage(\"t2w\", 1), \$server->sendMessage([\"t2t\"], 2)];"], 5.0, 3);');
swt_check($r['r'] === [true, true], 'sendMessage() from task worker 3 returns true', tk_show($r));
$pm = $s->waitFor('/^PM 1 3 (\S+)$/m');
swt_check(tk_dec($pm[0][1]) === 't2w', 'task worker 3 -> worker 1: onPipeMessage(src 3)', tk_show(tk_dec($pm[0][1])));
$pm = $s->waitFor('/^PM 2 3 (\S+)$/m');
swt_check(tk_dec($pm[0][1]) === ['t2t'], 'task worker 3 -> task worker 2: onPipeMessage(src 3)', tk_show(tk_dec($pm[0][1])));
$r = tk_eval($c0, 'return [tk_capture(fn() => $server->sendMessage("x", 0)), tk_capture(fn() => $server->sendMessage("x", 4)), tk_capture(fn() => $server->sendMessage("x", -1))];');
$ok = true;
foreach ($r['r'] as [$v, $w]) {
    $ok = $ok && $v === false && count($w) === 1;
}
swt_check($ok, 'sendMessage() to itself, to id 4, to -1: false and a warning', tk_show($r));

/* ---- error cases ---- */
$r = tk_eval($c0, 'return [
    tk_capture(fn() => $server->task("x", 0)),
    tk_capture(fn() => $server->task("x", 1)),
    tk_capture(fn() => $server->task("x", 4)),
    tk_capture(fn() => $server->task("x", -2)),
    tk_capture(fn() => $server->taskwait("x", 0.5, 4)),
    tk_capture(fn() => $server->finish("x")),
];');
$ok = true;
foreach ($r['r'] as [$v, $w]) {
    $ok = $ok && $v === false && count($w) === 1;
}
swt_check($ok && count($r['r']) === 6, 'task() to worker ids 0, 1, 4, -2, taskwait() to 4, finish() in a worker: false and a warning', tk_show($r));
$r = tk_eval($c0, 'return $server->taskwait(["_code" => "return [tk_capture(fn() => \$server->task(\"x\")), tk_capture(fn() => \$server->taskwait(\"x\", 0.2)), tk_capture(fn() => \$server->taskWaitMulti([\"x\"], 0.2))];"], 5.0);');
$ok = is_array($r['r']) && count($r['r']) === 3;
foreach ((array) $r['r'] as [$v, $w]) {
    $ok = $ok && $v === false && count($w) === 1;
}
swt_check($ok, 'task(), taskwait(), taskWaitMulti() in a task worker: false and a warning', tk_show($r));
$r = tk_eval($c0, '$t = hrtime(true); $a = $server->taskwait("still-works", 5.0); return [$a["data"] ?? null, (hrtime(true) - $t) / 1e9];');
swt_check($r['r'][0] === 'still-works' && $r['r'][1] < 1.0, 'tasks still work after the errors', tk_show($r));

/* the late results of timed-out waits are not passed to onFinish */
$st = null;
swt_wait_until(function () use ($c0, &$st) {
    $st = tk_eval($c0, 'return $server->stats();')['r'];
    return ($st['tasking_num'] ?? null) === 0;
}, 5, 'tasking_num 0', false);
swt_check(($st['task_worker_num'] ?? null) === 2 && ($st['tasking_num'] ?? null) === 0, 'stats(): task_worker_num 2, tasking_num back to 0',
    tk_show([$st['task_worker_num'] ?? null, $st['tasking_num'] ?? null]));
usleep(300000);
tk_eval($c0, 'return 1;');
tk_eval($c1, 'return 1;');
$late = array_filter(tk_fins($s), fn($f) => in_array($f[2], ['late', 'slow'], true));
swt_check(!$late, 'the late result of a timed-out taskwait/taskWaitMulti reaches no onFinish', tk_show($late));

swt_check(!$s->matches('/^WERR /m') && !preg_match('/Fatal|Segmentation/i', $s->stderr()), 'no process died, no fatal error', $s->stderr());
foreach ($conns as $c) {
    fclose($c);
}
swt_check($s->stop() === 0, 'exit code 0 after SIGTERM');
?>
--EXPECT--
ok - set(): task_ipc_mode 1-3, ipc_mode 1-2 and a message_queue_key are accepted; other values throw naming the key
ok - onWorkerStart ran for workers 0, 1 (taskworker false) and task workers 2, 3 (taskworker true)
ok - four distinct processes
ok - task() and taskwait() before start(): false and a warning
ok - task(), taskwait(), taskWaitMulti() in onStart: false and a warning
ok - task() returned a distinct int id for each of 9 tasks, no warning
ok - onFinish once per task with its id; onTask saw the same id, src 0 and the data with its type (strings byte-exact, arrays, objects, scalars, null)
ok - dst -1 spread the tasks over both task workers
ok - onTask returning null sends no result (no onFinish)
ok - results "", false, a binary string and 0 arrive as they are
ok - finish() in onTask sends the result (returns true); a return value after it sends nothing more
ok - a non-null return value of onTask is the result
ok - the callback given to task() got its id and result
ok - onFinish was not called for that task, the callback only once
ok - taskwait() returns the result (array with an object inside)
ok - taskwait() with a chosen task worker returns a string result byte-exact
ok - taskwait() of a task without a result: false
ok - taskwait(0.3) of a 1.2 s task: false after ~0.3 s
ok - swoole_last_error() is set after the timeout
ok - the next taskwait on that task worker returns its own result, not the late one
ok - taskWaitMulti(): every result under the key of its task
ok - taskWaitMulti(0.5) with a slow task: the other results after ~0.5 s, the slow one missing
ok - taskWaitMulti([]) returns []
ok - sendMessage() from a worker returns true
ok - worker 0 -> task worker 2: onPipeMessage(src 0) with the array
ok - worker 0 -> worker 1: onPipeMessage(src 0) with the string byte-exact
ok - sendMessage() from task worker 3 returns true
ok - task worker 3 -> worker 1: onPipeMessage(src 3)
ok - task worker 3 -> task worker 2: onPipeMessage(src 3)
ok - sendMessage() to itself, to id 4, to -1: false and a warning
ok - task() to worker ids 0, 1, 4, -2, taskwait() to 4, finish() in a worker: false and a warning
ok - task(), taskwait(), taskWaitMulti() in a task worker: false and a warning
ok - tasks still work after the errors
ok - stats(): task_worker_num 2, tasking_num back to 0
ok - the late result of a timed-out taskwait/taskWaitMulti reaches no onFinish
ok - no process died, no fatal error
ok - exit code 0 after SIGTERM
