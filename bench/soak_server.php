<?php
/*
 * Server for the soak and chaos scripts (bench/soak.sh, bench/chaos.sh).
 * Usage: php -d extension=modules/swoole.so bench/soak_server.php PORT KIND [key=value ...]
 *   KIND: http  -> Swoole\Http\Server answering "Hello, World!"
 *         echo  -> Swoole\Server echoing what it receives
 *         task  -> Swoole\Http\Server whose onRequest hands the request to a task
 *                  worker and answers from onFinish
 *   key=value pairs are passed to set() (integers when numeric), e.g. max_request=1.
 * Every worker prints "WS <worker id> <pid> <task worker 0|1>" when it starts, so
 * the scripts can tell which pid is which worker and generation.
 * A request (or task) whose path/payload contains "sleep-forever" makes the task
 * worker sleep until it is killed: the stuck-task-worker scenario.
 */
$port = (int) ($argv[1] ?? 9501);
$kind = $argv[2] ?? 'http';
$settings = ['worker_num' => 2, 'log_level' => 4];
foreach (array_slice($argv, 3) as $kv) {
	[$k, $v] = explode('=', $kv, 2);
	$settings[$k] = is_numeric($v) ? (int) $v : $v;
}
if ($kind === 'task' && !isset($settings['task_worker_num'])) {
	$settings['task_worker_num'] = 2;
}

if ($kind === 'echo') {
	$server = new Swoole\Server('127.0.0.1', $port, SWOOLE_PROCESS);
	$server->on('receive', function ($server, $fd, $reactorId, $data) {
		$server->send($fd, $data);
	});
} else {
	$server = new Swoole\Http\Server('127.0.0.1', $port, SWOOLE_PROCESS);
	if ($kind === 'task') {
		/* task id => response, per worker; onFinish answers and forgets it */
		$pending = [];
		$server->on('request', function ($request, $response) use ($server, &$pending) {
			$id = $server->task($request->server['request_uri']);
			if ($id === false) {
				$response->status(503);
				$response->end('task queue full');
				return;
			}
			$pending[$id] = $response;
		});
		$server->on('finish', function ($server, $taskId, $data) use (&$pending) {
			if (!isset($pending[$taskId])) {
				return;
			}
			$response = $pending[$taskId];
			unset($pending[$taskId]);
			if ($data === false || $data === null) {
				$response->status(502);
				$response->end('task failed');
				return;
			}
			$response->end($data);
		});
		$server->on('task', function ($server, $taskId, $srcWorkerId, $data) {
			if (strpos($data, 'sleep-forever') !== false) {
				for (;;) {
					sleep(3600);
				}
			}
			return 'Hello, ' . $data;
		});
	} else {
		$server->on('request', function ($request, $response) {
			$response->end('Hello, World!');
		});
	}
}
$server->set($settings);
$server->on('workerStart', function ($server, $workerId) {
	/* one write, so that lines of workers starting together never interleave */
	echo 'WS ' . $workerId . ' ' . getmypid() . ' ' . ($server->taskworker ? 1 : 0) . "\n";
});
$server->start();
