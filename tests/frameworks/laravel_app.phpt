--TEST--
Frameworks: the Laravel-style example (Debian's Illuminate 8 packages) served by Swoole\Http\Server, every route through real HTTP
--SKIPIF--
<?php
if (PHP_OS_FAMILY !== 'Linux') die('skip needs Linux');
require __DIR__ . '/frameworks.inc';
$why = swt_fw_missing(['Illuminate/Routing/autoload.php', 'Illuminate/Events/autoload.php',
    'Illuminate/Pipeline/autoload.php', 'Illuminate/Container/autoload.php'], ['mbstring', 'ctype']);
if ($why !== null) die("skip $why");
?>
--FILE--
<?php
require __DIR__ . '/frameworks.inc';

$s = swt_fw_start('laravel-style', ['mbstring', 'ctype']);
$port = $s->port;
$workers = $s->workerPids();
swt_check(count($workers) === 2, 'two workers, each built the kernel', json_encode($workers));

/* GET with a query */
$r = swt_fw_request($port, 'GET', '/hello?name=Ada%20L');
swt_check($r['status'] === 200 && $r['body'] === 'Hello Ada L'
    && str_starts_with($r['headers']['content-type'] ?? '', 'text/plain'), 'GET /hello?name=: query parameter', json_encode($r));
swt_check(in_array((int) ($r['headers']['x-worker-pid'] ?? 0), $workers, true), 'answered by a worker (global middleware header)');
swt_check(isset(swt_fw_cookies($r)['laravel_style_session']), 'session cookie set by the session middleware');

/* HEAD: the head only */
$r = swt_fw_request($port, 'HEAD', '/hello?name=x');
/* HttpFoundation's prepare() drops the body of a HEAD answer, so the server cannot know its length */
swt_check($r['status'] === 200 && $r['body'] === '' && str_starts_with($r['headers']['content-type'] ?? '', 'text/plain'),
    'HEAD /hello: the head only', json_encode($r));

/* route parameters */
$r = swt_fw_request($port, 'GET', '/users/42/posts/first-post?sort=new');
swt_check(swt_fw_json($r) === ['user' => 42, 'slug' => 'first-post', 'sort' => 'new', 'route' => 'users/{id}/posts/{slug?}']
    && $r['headers']['content-type'] === 'application/json', 'route parameters and query, array answered as JSON', $r['body']);
$r = swt_fw_request($port, 'GET', '/users/7/posts');
swt_check(swt_fw_json($r) === ['user' => 7, 'slug' => null, 'sort' => null, 'route' => 'users/{id}/posts/{slug?}'], 'optional route parameter left out', $r['body']);
$r = swt_fw_request($port, 'GET', '/users/abc/posts');
swt_check($r['status'] === 404, 'a route constraint that fails is 404', (string) $r['status']);

/* POST JSON */
$doc = ['name' => 'widget', 'tags' => ['a', 'b'], 'price' => 9.5, 'nested' => ['x' => null]];
$r = swt_fw_request($port, 'POST', '/api/items', ['Content-Type' => 'application/json'], json_encode($doc));
$j = swt_fw_json($r);
swt_check($r['status'] === 201 && $j['created'] === $doc && $j['is_json'] === true && $j['name'] === 'widget',
    'POST JSON: 201, body decoded, input() reads it', $r['body']);

/* POST form, urlencoded and multipart */
$r = swt_fw_request($port, 'POST', '/form', ['Content-Type' => 'application/x-www-form-urlencoded'],
    'title=Hello+World&tags%5B%5D=php&tags%5B%5D=c&empty=');
swt_check(swt_fw_json($r) === ['input' => ['title' => 'Hello World', 'tags' => ['php', 'c'], 'empty' => ''], 'has_tags' => true],
    'POST urlencoded form, array-style names', $r['body']);
$body = swt_fw_multipart(['title' => 'multi', 'tags[]' => 'x'], [], $ct);
$r = swt_fw_request($port, 'POST', '/form', ['Content-Type' => $ct], $body);
swt_check((swt_fw_json($r)['input'] ?? null) === ['title' => 'multi', 'tags' => ['x']], 'POST multipart form fields', $r['body']);

/* upload */
$bytes = random_bytes(200000);
$body = swt_fw_multipart(['title' => 'quarterly'], ['document' => ['report.pdf', 'application/pdf', $bytes]], $ct);
$r = swt_fw_request($port, 'POST', '/upload', ['Content-Type' => $ct], $body);
swt_check(swt_fw_json($r) === ['name' => 'report.pdf', 'size' => 200000, 'extension' => 'pdf', 'md5' => md5($bytes), 'title' => 'quarterly'],
    'file upload: UploadedFile with name, size and content', $r['body']);
$body = swt_fw_multipart(['title' => 'none'], [], $ct);
$r = swt_fw_request($port, 'POST', '/upload', ['Content-Type' => $ct], $body);
swt_check($r['status'] === 422, 'upload without a file: the route answers 422', (string) $r['status']);

/* cookies in and out */
$r = swt_fw_request($port, 'GET', '/cookies', ['Cookie' => 'theme=light; other=a%20b']);
$j = swt_fw_json($r);
$ck = swt_fw_cookies($r);
swt_check($j['theme'] === 'light' && $j['all'] === ['theme' => 'light', 'other' => 'a b'], 'request cookies reach the framework', $r['body']);
swt_check(($ck['theme']['value'] ?? '') === 'dark%20mode' && stripos($ck['theme']['line'], 'httponly') === false
    && stripos($ck['seen']['line'] ?? '', 'HttpOnly') !== false && stripos($ck['seen']['line'], 'samesite=strict') !== false
    && stripos($ck['seen']['line'], 'max-age=86400') !== false, 'response cookies: value, HttpOnly, SameSite, expiry',
    json_encode($r['cookies']));

/* session-like cookie: a counter in the shared table, across both workers */
$conns = [];
$first = swt_fw_request($port, 'GET', '/session');
$sid = swt_fw_cookies($first)['laravel_style_session']['value'] ?? '';
$counts = [(swt_fw_json($first)['count'] ?? 0)];
$pids = [(int) $first['headers']['x-worker-pid']];
for ($i = 0; $i < 5; $i++) {
    /* connections held open get distinct fds, so dispatch by fd spreads them over the workers */
    $c = swt_connect($port);
    $conns[] = $c;
    $r = swt_http_roundtrip($c, swt_fw_raw('GET', '/session', ['Cookie' => "laravel_style_session=$sid"]));
    $counts[] = swt_fw_json($r)['count'] ?? 0;
    $pids[] = (int) ($r['headers']['x-worker-pid'] ?? 0);
    $same = (swt_fw_json($r)['id'] ?? '') === $sid;
}
foreach ($conns as $c) {
    fclose($c);
}
swt_check($counts === [1, 2, 3, 4, 5, 6] && $same, 'session counter kept across requests', json_encode($counts));
swt_check(count(array_unique($pids)) === 2, 'the session was served by both workers (shared Swoole\Table)', json_encode($pids));

/* redirect */
$r = swt_fw_request($port, 'GET', '/old');
swt_check($r['status'] === 301 && ($r['headers']['location'] ?? '') === '/hello?name=redirected', 'redirect: 301 and Location');

/* streamed and file responses */
$r = swt_fw_request($port, 'GET', '/stream');
swt_check($r['status'] === 200 && $r['chunked'] && $r['body'] === "one\ntwo\nthree\n", 'StreamedResponse: written chunked as produced', json_encode($r));
$csv = file_get_contents(SWT_FW_EXAMPLES . '/laravel-style/public/report.csv');
$r = swt_fw_request($port, 'GET', '/download');
swt_check($r['status'] === 200 && $r['body'] === $csv && str_starts_with($r['headers']['content-type'], 'text/csv')
    && $r['headers']['content-disposition'] === 'attachment; filename=report.csv', 'BinaryFileResponse: the file, its type and disposition', json_encode($r));
$r = swt_fw_request($port, 'GET', '/download', ['Range' => 'bytes=3-9']);
swt_check($r['status'] === 206 && $r['body'] === substr($csv, 3, 7) && $r['headers']['content-range'] === 'bytes 3-9/' . strlen($csv),
    'BinaryFileResponse with a Range: 206 and that part', json_encode($r));

/* exception handler, 404, 405 */
$r = swt_fw_request($port, 'GET', '/fail');
$j = swt_fw_json($r);
swt_check($r['status'] === 500 && $j['exception'] === 'DomainException' && $j['message'] === 'the application failed',
    'exception handler: JSON 500', $r['body']);
swt_wait_until(fn() => str_contains($s->stderr(), 'laravel-style: DomainException: the application failed'), 5, 'the exception logged', false);
swt_check(str_contains($s->stderr(), 'laravel-style: DomainException: the application failed at routes.php'), 'the exception was reported');
$r = swt_fw_request($port, 'GET', '/no/such/page');
swt_check($r['status'] === 404 && swt_fw_json($r) === ['error' => 'not found', 'status' => 404, 'path' => '/no/such/page'], '404 for an unknown route', $r['body']);
$r = swt_fw_request($port, 'DELETE', '/hello');
swt_check($r['status'] === 405 && str_contains($r['headers']['allow'] ?? '', 'GET'), '405 with Allow for a wrong method', json_encode($r));

/* per-worker versus per-request state, on one keep-alive connection (one worker) */
$c = swt_connect($port);
$a = swt_fw_json(swt_http_roundtrip($c, swt_fw_raw('GET', '/state', ['X-Note' => 'first'])));
$b = swt_fw_json(swt_http_roundtrip($c, swt_fw_raw('GET', '/state', ['X-Note' => 'second'])));
$n = swt_fw_json(swt_http_roundtrip($c, swt_fw_raw('GET', '/state')));
fclose($c);
swt_check($a['boot'] === $b['boot'] && $b['boot'] === $n['boot'] && $a['boot']['pid'] === $a['pid'], 'the kernel is built once per worker', json_encode([$a, $b]));
swt_check($a['context'] !== $b['context'] && $a['notes'] === ['first'] && $b['notes'] === ['second'] && $n['notes'] === [null],
    'scoped state and the request are fresh for every request', json_encode([$a, $b, $n]));
swt_check($a['same_request'] && $b['same_request'], 'the container holds the current request');

/* the workers never died, nothing went wrong in PHP */
swt_check($s->workerPids() === $workers, 'no worker was replaced', json_encode($s->workerPids()));
swt_check(!preg_match('/(Warning|Deprecated|Notice|Fatal)/', $s->stderr()), 'no PHP warnings or deprecations', $s->stderr());
swt_check($s->stop() === 0, 'server stopped cleanly');
?>
--EXPECT--
ok - two workers, each built the kernel
ok - GET /hello?name=: query parameter
ok - answered by a worker (global middleware header)
ok - session cookie set by the session middleware
ok - HEAD /hello: the head only
ok - route parameters and query, array answered as JSON
ok - optional route parameter left out
ok - a route constraint that fails is 404
ok - POST JSON: 201, body decoded, input() reads it
ok - POST urlencoded form, array-style names
ok - POST multipart form fields
ok - file upload: UploadedFile with name, size and content
ok - upload without a file: the route answers 422
ok - request cookies reach the framework
ok - response cookies: value, HttpOnly, SameSite, expiry
ok - session counter kept across requests
ok - the session was served by both workers (shared Swoole\Table)
ok - redirect: 301 and Location
ok - StreamedResponse: written chunked as produced
ok - BinaryFileResponse: the file, its type and disposition
ok - BinaryFileResponse with a Range: 206 and that part
ok - exception handler: JSON 500
ok - the exception was reported
ok - 404 for an unknown route
ok - 405 with Allow for a wrong method
ok - the kernel is built once per worker
ok - scoped state and the request are fresh for every request
ok - the container holds the current request
ok - no worker was replaced
ok - no PHP warnings or deprecations
ok - server stopped cleanly
