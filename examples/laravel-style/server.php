<?php
/*
 * Serves the Laravel-style application (Debian's Illuminate 8 packages:
 * routing, http, container, events, pipeline, support) with
 * Swoole\Http\Server:
 *   php -d extension=modules/swoole.so examples/laravel-style/server.php [port]
 * Port 0 picks a free one; the line "PORT <n>" says which (the tests read it).
 *
 * The kernel (container, router, routes) is built once per worker in
 * onWorkerStart; each request goes Swoole -> Illuminate\Http\Request ->
 * kernel -> response -> Swoole, and the kernel then forgets the request's state.
 * Sessions live in a Swoole\Table created here, before the workers exist.
 */

require_once 'Illuminate/Routing/autoload.php';
require_once 'Illuminate/Events/autoload.php';
require __DIR__ . '/../symfony-style/HttpFoundationBridge.php';
require __DIR__ . '/TableSessionHandler.php';

foreach (['mbstring', 'ctype'] as $ext) {
	if (!extension_loaded($ext)) {
		fwrite(STDERR, "this application needs the $ext extension (php -d extension=$ext)\n");
		exit(1);
	}
}

$port = (int) ($argv[1] ?? (getenv('APP_PORT') ?: 9501));
$server = new Swoole\Http\Server('127.0.0.1', $port);
$server->set([
	'worker_num' => (int) (getenv('APP_WORKERS') ?: 2),
	'log_level' => SWOOLE_LOG_WARNING,
]);
$sessions = TableSessionHandler::createTable();

$kernel = null;
$server->on('workerStart', function (Swoole\Http\Server $server, int $workerId) use (&$kernel, $sessions) {
	require_once __DIR__ . '/ExceptionHandler.php';
	require_once __DIR__ . '/Kernel.php';
	$kernel = new Kernel(new TableSessionHandler($sessions));
	echo "WS $workerId " . getmypid() . "\n";
});
$server->on('request', function (Swoole\Http\Request $req, Swoole\Http\Response $res) use (&$kernel) {
	$request = HttpFoundationBridge::toRequest($req, Illuminate\Http\Request::class);
	try {
		HttpFoundationBridge::emit($kernel->handle($request), $res, $request);
	} finally {
		$kernel->terminate();
	}
});

echo "PORT {$server->port}\n";
$server->start();
