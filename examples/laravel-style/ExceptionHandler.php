<?php
/*
 * The application's exception handler, as a Laravel app has one: HTTP
 * exceptions (404 for no route, 405 for a wrong method) keep their status,
 * anything else is a 500 that is logged. The answer is JSON either way; the
 * worker goes on serving.
 */

use Illuminate\Http\JsonResponse;
use Illuminate\Http\Request;
use Symfony\Component\HttpKernel\Exception\HttpExceptionInterface;

final class ExceptionHandler
{
	public function render(Request $request, Throwable $e): JsonResponse
	{
		if ($e instanceof HttpExceptionInterface) {
			$status = $e->getStatusCode();
			$body = ['error' => $status === 404 ? 'not found' : 'http error', 'status' => $status,
				'path' => '/' . ltrim($request->path(), '/')];
			return new JsonResponse($body, $status, $e->getHeaders());
		}
		$this->report($e);
		return new JsonResponse(['error' => 'internal', 'exception' => get_class($e),
			'message' => $e->getMessage()], 500);
	}

	public function report(Throwable $e): void
	{
		error_log(sprintf('laravel-style: %s: %s at %s:%d', get_class($e), $e->getMessage(),
			basename($e->getFile()), $e->getLine()));
	}
}
