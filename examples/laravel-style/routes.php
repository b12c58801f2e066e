<?php
/*
 * The routes. $router (Illuminate\Routing\Router) and $app (the container)
 * are in scope; closures get route parameters and the Request injected.
 */

use Illuminate\Http\JsonResponse;
use Illuminate\Http\RedirectResponse;
use Illuminate\Http\Request;
use Illuminate\Http\Response;
use Symfony\Component\HttpFoundation\BinaryFileResponse;
use Symfony\Component\HttpFoundation\Cookie;
use Symfony\Component\HttpFoundation\StreamedResponse;

$router->get('/', fn() => 'laravel-style app on swoole ' . swoole_version());

/* query parameters */
$router->get('/hello', fn(Request $request) => new Response('Hello ' . $request->query('name', 'world'), 200,
	['Content-Type' => 'text/plain; charset=UTF-8']));

/* route parameters, an optional one with a constraint, plus the query; an array becomes JSON */
$router->get('/users/{id}/posts/{slug?}', function (Request $request, string $id, ?string $slug = null) {
	return ['user' => (int) $id, 'slug' => $slug, 'sort' => $request->query('sort'),
		'route' => $request->route()->uri()];
})->where('id', '[0-9]+');

/* a JSON body */
$router->post('/api/items', function (Request $request) {
	return new JsonResponse(['created' => $request->json()->all(), 'is_json' => $request->isJson(),
		'name' => $request->input('name')], 201);
});

/* a urlencoded or multipart form */
$router->post('/form', fn(Request $request) => ['input' => $request->input(), 'has_tags' => $request->has('tags')]);

/* a file upload */
$router->post('/upload', function (Request $request) {
	$file = $request->file('document');
	if ($file === null || !$file->isValid()) {
		return new JsonResponse(['error' => 'no valid file'], 422);
	}
	return ['name' => $file->getClientOriginalName(), 'size' => $file->getSize(),
		'extension' => $file->getClientOriginalExtension(), 'md5' => md5_file($file->getRealPath()),
		'title' => $request->input('title')];
});

/* cookies: read one, set two */
$router->get('/cookies', function (Request $request) {
	$response = new JsonResponse(['theme' => $request->cookie('theme'), 'all' => $request->cookies->all()]);
	$response->headers->setCookie(Cookie::create('theme', 'dark mode', time() + 86400, '/', null, false, false));
	$response->headers->setCookie(Cookie::create('seen', '1', time() + 86400, '/', null, false, true, false, 'strict'));
	return $response;
});

/* the session: a counter kept in the shared table, named by the session cookie */
$router->get('/session', function (Request $request) {
	$session = $request->session();
	$session->put('count', $session->get('count', 0) + 1);
	return ['count' => $session->get('count'), 'id' => $session->getId()];
});

/* a redirect */
$router->get('/old', fn() => new RedirectResponse('/hello?name=redirected', 301));

/* a streamed body and a file */
$router->get('/stream', fn() => new StreamedResponse(function () {
	foreach (['one', 'two', 'three'] as $word) {
		echo "$word\n";
	}
}, 200, ['Content-Type' => 'text/plain']));
$router->get('/download', function () {
	$response = new BinaryFileResponse(__DIR__ . '/public/report.csv');
	$response->setContentDisposition('attachment', 'report.csv');
	return $response;
});

/* the exception handler */
$router->get('/fail', function () {
	throw new DomainException('the application failed');
});

/* per-worker versus per-request state */
$router->get('/state', function (Request $request) use ($app) {
	$ctx = $app->make('request.context');
	$ctx->notes[] = $request->header('X-Note');
	return ['boot' => $app->make('boot'), 'context' => $ctx->id, 'notes' => $ctx->notes,
		'same_request' => $app->make('request') === $request, 'pid' => getmypid()];
});
