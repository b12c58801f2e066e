<?php
/*
 * Workload T1 (see shared/BENCH.md): task() + onFinish round trips per second from
 * 2 workers to 2 task workers, counted in-process. The transport is task_ipc_mode 1
 * unless the environment sets TASK_IPC_MODE (2 or 3: SysV message queues).
 *
 * Each worker keeps a window of WINDOW tasks outstanding (started in onWorkerStart,
 * refilled from onFinish). Results finishing in the first WARMUP seconds are not
 * counted; after WARMUP + SECS the worker stops issuing tasks and writes the count
 * of results that finished in the measured window to OUTPREFIX.WORKER_ID as
 * "count seconds" (seconds = the measured span, from hrtime()). The caller sums the
 * files and stops the server (SIGTERM to the master).
 *
 * Usage: php -d extension=modules/swoole.so bench/task_server.php PORT SECS OUTPREFIX
 */
$port = (int) ($argv[1] ?? 9501);
$secs = (float) ($argv[2] ?? 5);
$outPrefix = $argv[3] ?? sys_get_temp_dir() . '/swoole-task-bench';
const WINDOW = 64;
const WARMUP = 0.5;
const PAYLOAD = 'hello, task worker';

$server = new Swoole\Server('127.0.0.1', $port, SWOOLE_PROCESS);
$mode = (int) (getenv('TASK_IPC_MODE') ?: 1);
$server->set(['worker_num' => 2, 'task_worker_num' => 2, 'task_ipc_mode' => $mode, 'log_level' => 5]);

$st = null; // per worker: timing and counts

$server->on('workerStart', function ($server, $workerId) use (&$st, $secs) {
    if ($server->taskworker) {
        return;
    }
    $t0 = hrtime(true);
    $st = [
        'start' => $t0 + (int) (WARMUP * 1e9),          // counting starts here
        'end' => $t0 + (int) ((WARMUP + $secs) * 1e9),  // and stops here
        'count' => 0,
        'done' => false,
        'failed' => 0,
    ];
    for ($i = 0; $i < WINDOW; $i++) {
        if ($server->task(PAYLOAD) === false) {
            $st['failed']++;
        }
    }
});

$server->on('task', function ($server, $taskId, $srcWorkerId, $data) {
    return $data;
});

$server->on('finish', function ($server, $taskId, $data) use (&$st, $outPrefix) {
    if ($st['done']) {
        return;
    }
    $now = hrtime(true);
    if ($now >= $st['end']) {
        $st['done'] = true;
        $span = ($st['end'] - $st['start']) / 1e9;
        $file = $outPrefix . '.' . $server->worker_id;
        file_put_contents("$file.tmp", sprintf("%d %.6f %d\n", $st['count'], $span, $st['failed']));
        rename("$file.tmp", $file);
        return;
    }
    if ($now >= $st['start']) {
        $st['count']++;
    }
    if ($server->task(PAYLOAD) === false) {
        $st['failed']++;
    }
});

$server->on('receive', function ($server, $fd, $reactorId, $data) {
});
$server->start();
