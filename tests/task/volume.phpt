--TEST--
task workers (task_ipc_mode 1): 1, 1,000 and 10,000 tasks from each of 2 workers to 2 task workers; every result comes back once, to its task id, with its data
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/task.inc';

$s = tk_server(['worker_num' => 2, 'task_worker_num' => 2, 'dispatch_mode' => 2, 'task_ipc_mode' => 1]);
$conns = tk_connect_workers($s, [0, 1]);

/* Runs in a worker: sends N tasks at once, answers when every result came (onFinish does the accounting). */
$batch = <<<'PHP'
global $vol, $stray;
$stray ??= 0;
$me = $server->worker_id;
$vol = ['n' => __N__, 'sent' => [], 'got' => [], 'dup' => 0, 'bad' => [], 'badn' => 0, 'false' => 0, 'wids' => [],
    't0' => hrtime(true), 'fd' => $fd, 'done' => false, 'el_send' => 0];
$GLOBALS['tk_on_finish'] = function ($server, $tid, $data) {
    global $vol, $stray;
    if (!isset($vol['sent'][$tid])) {
        $stray++;
        return;
    }
    if (isset($vol['got'][$tid])) {
        $vol['dup']++;
        return;
    }
    $vol['got'][$tid] = 1;
    $want = ['i' => $vol['sent'][$tid], 'w' => $server->worker_id];
    if (!is_array($data) || $data['tid'] !== $tid || $data['src'] !== $server->worker_id || $data['data'] !== $want) {
        if (++$vol['badn'] <= 5) {
            $vol['bad'][] = "$tid: " . substr(var_export($data, true), 0, 200);
        }
    }
    $w = is_array($data) ? ($data['wid'] ?? -1) : -1;
    $vol['wids'][$w] = ($vol['wids'][$w] ?? 0) + 1;
    if (!$vol['done'] && count($vol['got']) === count($vol['sent'])) {
        $vol['done'] = true;
        tk_reply($server, $vol['fd'], vol_summary());
    }
};
if (!function_exists('vol_summary')) {
    function vol_summary(): array
    {
        global $vol, $stray;
        ksort($vol['wids']);
        return ['n' => $vol['n'], 'sent' => count($vol['sent']), 'got' => count($vol['got']), 'dup' => $vol['dup'],
            'badn' => $vol['badn'], 'bad' => $vol['bad'], 'false' => $vol['false'], 'wids' => $vol['wids'], 'stray' => $stray,
            'el' => (hrtime(true) - $vol['t0']) / 1e9, 'el_send' => $vol['el_send'], 'reused' => $vol['reused'] ?? 0];
    }
}
for ($i = 0; $i < $vol['n']; $i++) {
    $id = $server->task(['i' => $i, 'w' => $me]);
    if ($id === false) {
        $vol['false']++;
    } elseif (isset($vol['sent'][$id])) {
        $vol['reused'] = ($vol['reused'] ?? 0) + 1;
    } else {
        $vol['sent'][$id] = $i;
    }
}
$vol['el_send'] = (hrtime(true) - $vol['t0']) / 1e9;
if (count($vol['sent']) === 0) {
    $vol['done'] = true;
    return vol_summary();
}
return TK_ASYNC;
PHP;

foreach ([1, 1000, 10000] as $n) {
    foreach ($conns as $c) {
        tk_send($c, str_replace('__N__', (string) $n, $batch));
    }
    $res = [];
    foreach ($conns as $w => $c) {
        $res[$w] = tk_recv($c, 60, "batch of $n")['r'];
    }
    $ok = true;
    foreach ($res as $w => $r) {
        $ok = $ok && is_array($r) && $r['sent'] === $n && $r['false'] === 0 && $r['got'] === $n && $r['dup'] === 0 && $r['badn'] === 0
            && ($r['reused'] ?? 0) === 0 && $r['stray'] === 0 && array_sum($r['wids']) === $n && !array_diff(array_keys($r['wids']), [2, 3]);
    }
    $show = array_map(function ($r) {
        unset($r['el'], $r['el_send']);
        return $r;
    }, $res);
    swt_check($ok, "$n task(s) from each worker: all sent, each result once, to its id, with its data", tk_show($show));
    if ($n === 10000) {
        $both = true;
        foreach ($res as $r) {
            $both = $both && count($r['wids']) === 2 && min($r['wids']) >= 1000;
        }
        swt_check($both, 'both task workers took a fair part (>= 1,000 of 10,000) of each worker\'s tasks', json_encode(array_column($res, 'wids')));
    }
    $el = max(array_column($res, 'el'));
    printf("info - %d x 2 tasks: %.3f s, %.0f tasks/s (sending took %.3f s)\n", $n, $el, 2 * $n / max($el, 1e-6), max(array_column($res, 'el_send')));
}

/* nothing arrives later, nothing is left in flight */
$st = null;
swt_wait_until(function () use ($conns, &$st) {
    $st = tk_eval($conns[0], 'return $server->stats();')['r'];
    return ($st['tasking_num'] ?? null) === 0;
}, 5, 'tasking_num 0', false);
swt_check(($st['tasking_num'] ?? null) === 0 && ($st['task_worker_num'] ?? null) === 2, 'stats(): tasking_num 0, task_worker_num 2',
    tk_show([$st['tasking_num'] ?? null, $st['task_worker_num'] ?? null]));
usleep(200000);
$stray = [];
foreach ($conns as $w => $c) {
    $stray[$w] = tk_eval($c, 'global $vol, $stray; return [$stray, $vol["dup"], count($vol["got"])];')['r'];
}
swt_check($stray === [0 => [0, 0, 10000], 1 => [0, 0, 10000]], 'no duplicate or stray result arrived afterwards', json_encode($stray));
swt_check(!$s->matches('/^WERR /m') && !preg_match('/Fatal|Segmentation|dropped|lost/i', $s->stderr()),
    'no process died, nothing dropped or lost in the log', substr($s->stderr(), 0, 2000));
foreach ($conns as $c) {
    fclose($c);
}
swt_check($s->stop() === 0, 'exit code 0 after SIGTERM');
?>
--EXPECTF--
ok - 1 task(s) from each worker: all sent, each result once, to its id, with its data
info - 1 x 2 tasks: %f s, %d tasks/s (sending took %f s)
ok - 1000 task(s) from each worker: all sent, each result once, to its id, with its data
info - 1000 x 2 tasks: %f s, %d tasks/s (sending took %f s)
ok - 10000 task(s) from each worker: all sent, each result once, to its id, with its data
ok - both task workers took a fair part (>= 1,000 of 10,000) of each worker's tasks
info - 10000 x 2 tasks: %f s, %d tasks/s (sending took %f s)
ok - stats(): tasking_num 0, task_worker_num 2
ok - no duplicate or stray result arrived afterwards
ok - no process died, nothing dropped or lost in the log
ok - exit code 0 after SIGTERM
