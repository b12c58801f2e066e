<?php
/*
 * A plain Symfony HttpFoundation application: one front controller that maps
 * a Request to a Response. Nothing in it knows about Swoole; server.php
 * serves it through HttpFoundationBridge. Needs Debian's
 * php-symfony-http-foundation (and php-mbstring).
 */

require_once 'Symfony/Component/HttpFoundation/autoload.php';

use Symfony\Component\HttpFoundation\BinaryFileResponse;
use Symfony\Component\HttpFoundation\Cookie;
use Symfony\Component\HttpFoundation\File\UploadedFile;
use Symfony\Component\HttpFoundation\JsonResponse;
use Symfony\Component\HttpFoundation\RedirectResponse;
use Symfony\Component\HttpFoundation\Request;
use Symfony\Component\HttpFoundation\Response;
use Symfony\Component\HttpFoundation\ResponseHeaderBag;
use Symfony\Component\HttpFoundation\StreamedResponse;

final class SymfonyStyleApp
{
	/** requests this worker answered: per-worker state that outlives a request, on purpose */
	private int $served = 0;

	public function handle(Request $request): Response
	{
		$this->served++;
		try {
			$response = $this->route($request);
		} catch (Throwable $e) {
			/* the application's exception handler: a JSON 500, the worker lives on */
			error_log('symfony-style: ' . get_class($e) . ': ' . $e->getMessage());
			$response = new JsonResponse(['error' => 'internal', 'message' => $e->getMessage()], 500);
		}
		$response->headers->set('X-Served-By', (string) getmypid());
		return $response->prepare($request);
	}

	private function route(Request $request): Response
	{
		$path = $request->getPathInfo();
		$method = $request->getMethod();

		if ($path === '/hello' && $method === 'GET') {
			return new Response('Hello ' . $request->query->get('name', 'world'), 200,
				['Content-Type' => 'text/plain; charset=UTF-8']);
		}
		if (preg_match('#^/items/(\d+)$#', $path, $m) && $method === 'GET') {
			return new JsonResponse(['id' => (int) $m[1], 'query' => $request->query->all(),
				'served' => $this->served]);
		}
		if ($path === '/json' && $method === 'POST') {
			return new JsonResponse(['received' => $request->toArray(),
				'content_type' => $request->headers->get('Content-Type')], 201);
		}
		if ($path === '/form' && $method === 'POST') {
			return new JsonResponse(['form' => $request->request->all()]);
		}
		if ($path === '/upload' && $method === 'POST') {
			$out = [];
			foreach ($request->files->all() as $field => $file) {
				if ($file instanceof UploadedFile) {
					$out[$field] = ['name' => $file->getClientOriginalName(), 'size' => $file->getSize(),
						'valid' => $file->isValid(), 'md5' => md5_file($file->getPathname())];
				}
			}
			return new JsonResponse(['files' => $out, 'title' => $request->request->get('title')]);
		}
		if ($path === '/cookie' && $method === 'GET') {
			$visits = (int) $request->cookies->get('visits', '0') + 1;
			$response = new JsonResponse(['visits' => $visits]);
			$response->headers->setCookie(Cookie::create('visits', (string) $visits, time() + 3600, '/', null,
				false, true, false, Cookie::SAMESITE_LAX));
			return $response;
		}
		if ($path === '/redirect') {
			return new RedirectResponse('/hello?name=redirected');
		}
		if ($path === '/stream') {
			return new StreamedResponse(function () {
				for ($i = 1; $i <= 3; $i++) {
					echo "part $i\n";
				}
			}, 200, ['Content-Type' => 'text/plain']);
		}
		if ($path === '/file') {
			$response = new BinaryFileResponse(__DIR__ . '/public/hello.txt');
			$response->setContentDisposition(ResponseHeaderBag::DISPOSITION_ATTACHMENT, 'hello.txt');
			return $response;
		}
		if ($path === '/boom') {
			throw new RuntimeException('boom from the application');
		}
		return new JsonResponse(['error' => 'not found', 'path' => $path], 404);
	}
}
