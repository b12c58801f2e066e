<?php
/*
 * Server for the chaos scenarios (bench/chaos.sh, tests/hostile/chaos_short.phpt).
 * Usage: php -d extension=modules/swoole.so bench/chaos_server.php PORT KIND [key=value ...]
 *   KIND: http      onRequest answers 200 with the request URI as the body
 *         task      onRequest hands the URI to a task worker with task() and
 *                   answers from onFinish (502 when the task failed)
 *         taskwait  onRequest waits for the task with taskwait(uri, 2.0) and
 *                   answers 504 when it gives false
 *   key=value pairs go to set() (integers when numeric), e.g. max_request=1;
 *   work_us=N is ours: every request (or task) spends N microseconds in usleep(),
 *   so that workers are busy and a kill lands on requests in progress.
 * GET /big answers 1 MiB (the client that stops reading asks for it).
 * A task whose URI contains "sleep-forever" never returns: the stuck task worker.
 * Every worker prints "WS <worker id> <pid> <task worker 0|1>" when it starts.
 */
$port = (int) ($argv[1] ?? 9501);
$kind = $argv[2] ?? 'http';
$settings = ['worker_num' => 2, 'log_level' => 4];
if ($kind !== 'http') {
	$settings['task_worker_num'] = 2;
}
foreach (array_slice($argv, 3) as $kv) {
	[$k, $v] = explode('=', $kv, 2);
	$settings[$k] = is_numeric($v) ? (int) $v : $v;
}
$workUs = (int) ($settings['work_us'] ?? 0);
unset($settings['work_us']);
$big = str_repeat('x', 1 << 20);

$server = new Swoole\Http\Server('127.0.0.1', $port, SWOOLE_PROCESS);
$server->set($settings);
$pending = []; /* task id => response waiting for its onFinish, per worker */

$server->on('request', function ($request, $response) use ($server, $kind, $big, $workUs, &$pending) {
	$uri = $request->server['request_uri'];
	if ($uri === '/big') {
		$response->end($big);
		return;
	}
	if ($kind === 'http') {
		if ($workUs > 0) {
			usleep($workUs);
		}
		$response->end($uri);
		return;
	}
	if ($kind === 'taskwait') {
		$result = $server->taskwait($uri, 2.0);
		if ($result === false) {
			$response->status(504);
			$response->end('task timed out or failed');
			return;
		}
		$response->end($result);
		return;
	}
	$id = $server->task($uri);
	if ($id === false) {
		$response->status(503);
		$response->end('task queue full');
		return;
	}
	$pending[$id] = $response;
});

$server->on('finish', function ($server, $taskId, $data) use (&$pending) {
	$response = $pending[$taskId] ?? null;
	if ($response === null) {
		return;
	}
	unset($pending[$taskId]);
	if (!is_string($data)) {
		$response->status(502);
		$response->end('task failed');
		return;
	}
	$response->end($data);
});

$server->on('task', function ($server, $taskId, $srcWorkerId, $data) use ($workUs) {
	if ($workUs > 0) {
		usleep($workUs);
	}
	if (strpos($data, 'sleep-forever') !== false) {
		for (;;) {
			sleep(3600);
		}
	}
	return $data;
});

$server->on('workerStart', function ($server, $workerId) {
	/* one write, so that lines of workers starting together never interleave */
	echo 'WS ' . $workerId . ' ' . getmypid() . ' ' . ($server->taskworker ? 1 : 0) . "\n";
});
$server->start();
