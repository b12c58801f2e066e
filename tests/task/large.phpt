--TEST--
task workers (task_ipc_mode 1): 1 MiB and 4 MiB payloads byte-exact both ways (taskwait, task/onFinish, strings and serialized arrays, sendMessage); over package_max_length the sender gets false
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/task.inc';

const MiB = 1 << 20;
$s = tk_server(['worker_num' => 1, 'task_worker_num' => 1, 'task_ipc_mode' => 1, 'package_max_length' => 8 * MiB], [
    'on_task' => <<<'PHP'
        if (is_string($data) && strlen($data) >= 65536) {
            echo "TKBIG s " . strlen($data) . " " . md5($data) . "\n";
            return tk_pattern(strlen($data), 'B');
        }
        if (is_array($data) && isset($data['blob'])) {
            echo "TKBIG a " . strlen($data['blob']) . " " . md5($data['blob']) . "\n";
            return ['blob' => tk_pattern(strlen($data['blob']), 'C'), 'n' => 1];
        }
        if (is_array($data) && isset($data['mkbig'])) {
            [$r, $w] = tk_capture(fn() => $server->finish(str_repeat('x', $data['mkbig'])));
            echo "TKFIN " . json_encode($r) . " " . count($w) . "\n";
            return null;
        }
PHP,
    'on_pipe' => <<<'PHP'
        if (is_string($message) && strlen($message) >= 65536) {
            echo "PMBIG {$server->worker_id} $srcWorkerId " . strlen($message) . " " . md5($message) . "\n";
            if ($server->taskworker) {
                $server->sendMessage(tk_pattern(strlen($message), 'D'), $srcWorkerId);
            }
            return;
        }
PHP,
]);
$c = swt_connect($s->port);

foreach ([1 * MiB, 4 * MiB] as $n) {
    $mb = $n / MiB . ' MiB';
    /* a string there and a string back, with taskwait */
    $r = tk_eval($c, '$r = $server->taskwait(tk_pattern(' . $n . ', "A"), 10.0); return is_string($r) ? [strlen($r), md5($r)] : [$r, null];', 15)['r'];
    $m = $s->matches('/^TKBIG s ' . $n . ' (\w+)$/m');
    swt_check(count($m) === 1 && $m[0][1] === md5(swt_pattern($n, 'A')), "$mb string to the task worker (taskwait): byte-exact", tk_show($m));
    swt_check($r === [$n, md5(swt_pattern($n, 'B'))], "$mb string result back to the worker: byte-exact", tk_show($r));

    /* serialized arrays both ways */
    $r = tk_eval($c, '$r = $server->taskwait(["blob" => tk_pattern(' . $n . ', "A")], 10.0);
        return is_array($r) ? [strlen($r["blob"]), md5($r["blob"]), $r["n"]] : [$r, null, null];', 15)['r'];
    $m = $s->matches('/^TKBIG a ' . $n . ' (\w+)$/m');
    swt_check(count($m) === 1 && $m[0][1] === md5(swt_pattern($n, 'A')), "$mb in an array to the task worker: byte-exact", tk_show($m));
    swt_check($r === [$n, md5(swt_pattern($n, 'C')), 1], "$mb in an array back: byte-exact", tk_show($r));

    /* task() and onFinish */
    $r = tk_eval($c, '$GLOBALS["tk_on_finish"] = function ($server, $tid, $data) {
            echo "BIGFIN $tid " . (is_string($data) ? strlen($data) . " " . md5($data) : "not-a-string") . "\n";
        };
        return $server->task(tk_pattern(' . $n . ', "A"));')['r'];
    $m = $s->waitFor('/^BIGFIN (\d+) (.*)$/m', $n === MiB ? 1 : 2);
    $last = end($m);
    swt_check(is_int($r) && (int) $last[1] === $r && $last[2] === $n . ' ' . md5(swt_pattern($n, 'B')),
        "$mb with task(): the result reaches onFinish byte-exact", tk_show([$r, $last]));

    /* sendMessage both ways: worker 0 -> task worker 1, which answers with another message */
    $r = tk_eval($c, 'return $server->sendMessage(tk_pattern(' . $n . ', "A"), 1);')['r'];
    $to = $s->waitFor('/^PMBIG 1 0 ' . $n . ' (\w+)$/m');
    $back = $s->waitFor('/^PMBIG 0 1 ' . $n . ' (\w+)$/m');
    swt_check($r === true && $to[0][1] === md5(swt_pattern($n, 'A')), "$mb sendMessage worker -> task worker: byte-exact", tk_show([$r, $to]));
    swt_check($back[0][1] === md5(swt_pattern($n, 'D')), "$mb sendMessage task worker -> worker: byte-exact", tk_show($back));
}

/* over package_max_length: false and a warning, and nothing breaks */
$r = tk_eval($c, 'return [
    tk_capture(fn() => $server->task(str_repeat("x", 9 << 20))),
    tk_capture(fn() => $server->taskwait(str_repeat("x", 9 << 20), 2.0)),
    tk_capture(fn() => $server->sendMessage(str_repeat("x", 9 << 20), 1)),
];', 15)['r'];
$ok = true;
foreach ($r as [$v, $w]) {
    $ok = $ok && $v === false && count($w) >= 1;
}
swt_check($ok, 'task(), taskwait(), sendMessage() of 9 MiB (over package_max_length 8 MiB): false and a warning', tk_show($r));
$r = tk_eval($c, '$t = hrtime(true); $r = $server->taskwait(["mkbig" => 9 << 20], 5.0); return [$r, (hrtime(true) - $t) / 1e9];', 15)['r'];
$m = $s->waitFor('/^TKFIN (\S+) (\d+)$/m');
swt_check($m[0][1] === 'false' && (int) $m[0][2] >= 1, 'finish() of 9 MiB in the task worker: false and a warning', tk_show($m));
swt_check($r[0] === false && $r[1] < 5.5, 'the taskwait for it returns false', tk_show($r));
$r = tk_eval($c, 'return [$server->taskwait("small", 2.0)["data"] ?? null, $server->taskwait(["blob" => "x"], 2.0)["blob"] ?? null];')['r'];
swt_check($r === ['small', 'C'], 'small tasks still work afterwards', tk_show($r));
swt_check(!$s->matches('/^WERR /m') && !preg_match('/Fatal|Segmentation/i', $s->stderr()), 'no process died, no fatal error', substr($s->stderr(), 0, 2000));
fclose($c);
swt_check($s->stop() === 0, 'exit code 0 after SIGTERM');
?>
--EXPECT--
ok - 1 MiB string to the task worker (taskwait): byte-exact
ok - 1 MiB string result back to the worker: byte-exact
ok - 1 MiB in an array to the task worker: byte-exact
ok - 1 MiB in an array back: byte-exact
ok - 1 MiB with task(): the result reaches onFinish byte-exact
ok - 1 MiB sendMessage worker -> task worker: byte-exact
ok - 1 MiB sendMessage task worker -> worker: byte-exact
ok - 4 MiB string to the task worker (taskwait): byte-exact
ok - 4 MiB string result back to the worker: byte-exact
ok - 4 MiB in an array to the task worker: byte-exact
ok - 4 MiB in an array back: byte-exact
ok - 4 MiB with task(): the result reaches onFinish byte-exact
ok - 4 MiB sendMessage worker -> task worker: byte-exact
ok - 4 MiB sendMessage task worker -> worker: byte-exact
ok - task(), taskwait(), sendMessage() of 9 MiB (over package_max_length 8 MiB): false and a warning
ok - finish() of 9 MiB in the task worker: false and a warning
ok - the taskwait for it returns false
ok - small tasks still work afterwards
ok - no process died, no fatal error
ok - exit code 0 after SIGTERM
