package dev.poebridge.ops;

import java.util.ArrayList;
import java.util.List;

import dev.poebridge.error.HttpLayerErrors;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * Sits between the HTTP codec and Vert.x on an HTTP/1.x connection ({@link RequestHeadGuard} puts it there): sees
 * decoded requests on their way to Vert.x and responses on their way out, and tells the guard when heads arrive and
 * responses end.
 * <ul>
 * <li>A request that Netty's decoder refuses (a request line over {@code quarkus.http.limits.max-initial-line-length},
 * headers over {@code max-header-size}, a line that is not HTTP) or whose URI Quarkus would refuse: Vert.x answers
 * those itself with an empty body, so they are answered here, with the same status and an OpenAI error body
 * ({@link HttpRefusals}). Likewise the empty 413 that Quarkus sends when a body without {@code Content-Length}
 * outgrows {@code quarkus.http.limits.max-body-size} gets an OpenAI error body on its way out.</li>
 * <li>It puts a failed write's news in the order Quarkus needs (see {@link #write}).</li>
 * </ul>
 */
final class RequestCheck extends ChannelDuplexHandler {

    private final RequestHeadGuard guard;
    private ChannelHandlerContext ctx;
    private boolean rejected;
    private boolean inactive;
    private final List<Runnable> failedWhileOpen = new ArrayList<>();

    RequestCheck(RequestHeadGuard guard) {
        this.guard = guard;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (rejected) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            byte[] refusal = guard.responsesPending() == 0 ? HttpRefusals.refusal(request) : null;
            if (refusal != null) {
                // Vert.x would answer this itself, with an empty body; a pipelined one (responsesPending > 0) is
                // still left to it, since this answer would cut into the response before it
                ReferenceCountUtil.release(msg);
                respond(HttpRefusals.status(request.decoderResult()), refusal);
                return;
            }
            guard.headArrived(HttpMethod.HEAD.equals(request.method()));
        }
        if (msg instanceof LastHttpContent) {
            guard.requestEnded();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        Object out = msg;
        if (msg instanceof FullHttpResponse response && HttpRefusals.isBareTooLarge(response, guard.answeringHead())) {
            // Quarkus' own answer to a body without Content-Length that outgrows quarkus.http.limits.max-body-size
            out = HttpRefusals.withBody(response, HttpLayerErrors.requestTooLarge());
        }
        if (msg instanceof LastHttpContent) {
            guard.responseEnded();
        }
        if (promise.isVoid()) {
            ctx.write(out, promise);
            return;
        }
        ChannelPromise written = ctx.newPromise();
        written.addListener(done -> {
            if (done.isSuccess()) {
                promise.trySuccess();
            } else if (inactive) {
                promise.tryFailure(done.cause());
            } else {
                // The socket failed under a write (the client reset the connection mid-stream). Vert.x must learn
                // of the close before it learns of the failed write: told the other way round, Quarkus REST
                // resets the response first, Vert.x then skips the response's close handler, and Quarkus' count
                // of running requests never comes down again, so the next SIGTERM waits the whole
                // quarkus.shutdown.timeout. So the failure is held back until the close has gone through.
                failedWhileOpen.add(() -> promise.tryFailure(done.cause()));
                ctx.close();
            }
        });
        ctx.write(out, written);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        inactive = true;
        ctx.fireChannelInactive();
        List<Runnable> failures = List.copyOf(failedWhileOpen);
        failedWhileOpen.clear();
        failures.forEach(Runnable::run);
    }

    /** Answers with an OpenAI error and closes: what follows on this connection cannot be trusted. */
    void respond(HttpResponseStatus status, byte[] body) {
        rejected = true;
        guard.disarm();
        ctx.writeAndFlush(HttpRefusals.closing(status, body)).addListener(ChannelFutureListener.CLOSE);
    }
}
