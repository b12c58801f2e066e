<?php
/*
 * Serves the Symfony HttpFoundation application in app.php with
 * Swoole\Http\Server:
 *   php -d extension=modules/swoole.so examples/symfony-style/server.php [port]
 * Port 0 picks a free one. The line "PORT <n>" says which (the tests read it).
 * The application object is created once per worker, in onWorkerStart.
 */

require __DIR__ . '/HttpFoundationBridge.php';

foreach (['mbstring'] as $ext) {
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

$app = null;
$server->on('workerStart', function (Swoole\Http\Server $server, int $workerId) use (&$app) {
	require_once __DIR__ . '/app.php';
	$app = new SymfonyStyleApp();
	echo "WS $workerId " . getmypid() . "\n";
});
$server->on('request', function (Swoole\Http\Request $req, Swoole\Http\Response $res) use (&$app) {
	$request = HttpFoundationBridge::toRequest($req);
	$response = $app->handle($request);
	HttpFoundationBridge::emit($response, $res, $request);
});

echo "PORT {$server->port}\n";
$server->start();
