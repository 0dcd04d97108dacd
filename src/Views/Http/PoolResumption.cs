namespace Kappa.Views.Http;

/// <summary>
/// Brings a caller back to the thread pool after an operation that had to wait, whether it succeeded or failed: under
/// Kestrel's inline scheduling (see <see cref="IoThreadHandoff"/>) such an operation is completed, and its awaiter
/// resumed, by the socket I/O thread that moved the bytes. An operation that completed without waiting is returned as
/// it is, and its caller stays where it was.
/// </summary>
internal static class PoolResumption
{
    public static ValueTask<T> After<T>(ValueTask<T> operation) =>
        operation.IsCompletedSuccessfully ? operation : ResumeAsync(operation);

    public static ValueTask After(ValueTask operation) =>
        operation.IsCompletedSuccessfully ? operation : ResumeAsync(operation);

    public static Task After(Task operation) =>
        operation.IsCompletedSuccessfully ? operation : ResumeAsync(new ValueTask(operation)).AsTask();

    private static async ValueTask<T> ResumeAsync<T>(ValueTask<T> pending)
    {
        T result;
        try
        {
            result = await pending.ConfigureAwait(false);
        }
        catch
        {
            // A failure is resumed on the I/O thread too; the handler's catch blocks, and the exception handler
            // after them, must not run there.
            await PoolThread.Enter();
            throw;
        }

        await PoolThread.Enter();
        return result;
    }

    private static async ValueTask ResumeAsync(ValueTask pending)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch
        {
            await PoolThread.Enter();
            throw;
        }

        await PoolThread.Enter();
    }
}
