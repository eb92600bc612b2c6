"""Middleware of the project as a whole."""


class SynchronousChainMiddleware:
    """Last in MIDDLEWARE, and synchronous only, so that under ASGI Django
    runs the whole middleware chain in the request's thread.

    Django adapts each middleware to the mode of the one inside it. With an
    asynchronous-capable middleware innermost, every `MiddlewareMixin`
    middleware runs asynchronously, and each of its `process_request` and
    `process_response` hops to a thread and back (`sync_to_async`): some
    twenty hops per request, all through the one event loop of the process,
    which became the bottleneck under load. With this one innermost, the
    chain is synchronous: one hop in, one hop to the view."""

    sync_capable = True
    async_capable = False

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)
