<?php
/*
 * A small HTTP server: php -d extension=modules/swoole.so examples/http_server.php [port]
 * Try: curl 'http://127.0.0.1:9501/?name=you', curl -d 'a[]=1&a[]=2' http://127.0.0.1:9501/form,
 *      curl -F f=@README.md http://127.0.0.1:9501/upload, curl http://127.0.0.1:9501/stream
 */
$port = (int) ($argv[1] ?? 9501);
$server = new Swoole\Http\Server('127.0.0.1', $port);
$server->set([
    'worker_num' => 2,
    'http_compression' => true,
    'enable_static_handler' => true,
    'document_root' => __DIR__,
    'static_handler_locations' => ['/static/'],
]);
$server->on('request', function (Swoole\Http\Request $request, Swoole\Http\Response $response) {
    switch ($request->server['request_uri']) {
    case '/form':
        $response->header('Content-Type', 'application/json');
        $response->end(json_encode(['post' => $request->post, 'cookie' => $request->cookie]) . "\n");
        break;
    case '/upload':
        $files = [];
        foreach ((array) $request->files as $name => $f) {
            $files[$name] = ['name' => $f['name'], 'size' => $f['size'], 'md5' => md5_file($f['tmp_name'])];
        }
        $response->header('Content-Type', 'application/json');
        $response->end(json_encode($files) . "\n");
        break;
    case '/stream':
        for ($i = 1; $i <= 3; $i++) {
            $response->write("chunk $i\n");
        }
        $response->end();
        break;
    default:
        $response->cookie('visited', '1', time() + 3600, '/', '', false, true, 'Lax');
        $response->header('Content-Type', 'text/plain');
        $response->end('Hello ' . ($request->get['name'] ?? 'world') . "\n");
    }
});
echo "listening on http://127.0.0.1:$port/\n";
$server->start();
