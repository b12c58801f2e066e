<?php
/*
 * The HTTP kernel: created once per worker, it owns the container, the event
 * dispatcher and the router (with the routes registered), and handles one
 * request at a time through the global middleware, the router and the
 * exception handler. After each request it drops the per-request state
 * (the bound request, scoped instances, the session) so that nothing leaks
 * from one request into the next in this long-lived process.
 */

use Illuminate\Container\Container;
use Illuminate\Events\Dispatcher;
use Illuminate\Http\Request;
use Illuminate\Pipeline\Pipeline;
use Illuminate\Routing\Router;
use Illuminate\Session\Store;
use Symfony\Component\HttpFoundation\Cookie;
use Symfony\Component\HttpFoundation\Response;

final class Kernel
{
	public const SESSION_COOKIE = 'laravel_style_session';

	public Container $app;
	public Router $router;
	private ExceptionHandler $handler;
	private int $handled = 0;

	public function __construct(private SessionHandlerInterface $sessions)
	{
		$this->app = new Container();
		Container::setInstance($this->app);
		$this->app->instance(Container::class, $this->app);
		$events = new Dispatcher($this->app);
		$this->app->instance('events', $events);
		$this->router = new Router($events, $this->app);
		$this->app->instance('router', $this->router);
		$this->app->instance(Router::class, $this->router);
		$this->handler = new ExceptionHandler();
		/* worker-wide: built once, kept across requests */
		$this->app->singleton('boot', fn() => (object) ['pid' => getmypid(), 'at' => microtime(true)]);
		/* request-wide: forgotten after every request */
		$this->app->scoped('request.context', fn() => (object) ['id' => bin2hex(random_bytes(8)), 'notes' => []]);
		$router = $this->router;
		$app = $this->app;
		require __DIR__ . '/routes.php';
	}

	public function handled(): int
	{
		return $this->handled;
	}

	public function handle(Request $request): Response
	{
		$this->handled++;
		$this->app->instance('request', $request);
		$this->app->instance(Request::class, $request);
		try {
			$response = (new Pipeline($this->app))
				->send($request)
				->through([
					fn(Request $r, Closure $next) => $this->withSession($r, $next),
					fn(Request $r, Closure $next) => $this->withHeaders($r, $next),
				])
				->then(fn(Request $r) => $this->router->dispatch($r));
		} catch (Throwable $e) {
			$response = $this->handler->render($request, $e);
		}
		return $response->prepare($request);
	}

	/* called once the response went out: the state of this request goes */
	public function terminate(): void
	{
		$this->app->forgetInstance('request');
		$this->app->forgetInstance(Request::class);
		$this->app->forgetScopedInstances();
	}

	private function withHeaders(Request $request, Closure $next): Response
	{
		$response = $next($request);
		$response->headers->set('X-Worker-Pid', (string) getmypid());
		return $response;
	}

	/*
	 * A session kept in the shared table and named by a cookie, as Laravel's
	 * StartSession middleware does it with its configured driver.
	 */
	private function withSession(Request $request, Closure $next): Response
	{
		$session = new Store(self::SESSION_COOKIE, $this->sessions, $request->cookies->get(self::SESSION_COOKIE));
		$session->start();
		$request->setLaravelSession($session);
		try {
			$response = $next($request);
		} catch (Throwable $e) {
			$response = $this->handler->render($request, $e);
		}
		$session->save();
		$response->headers->setCookie(Cookie::create(self::SESSION_COOKIE, $session->getId(), 0, '/', null,
			false, true, false, Cookie::SAMESITE_LAX));
		return $response;
	}
}
