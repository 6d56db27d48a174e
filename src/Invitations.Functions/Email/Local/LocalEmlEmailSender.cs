using Invitations.Hosting.LocalData;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Invitations.Email.Local;

/// <summary>
/// The sender used when no ACS endpoint is configured: writes each email to
/// <c>{LocalData__Directory}/mail/{operationId}.eml</c> (by default <c>{repository}/.data/mail</c>) for a developer to open and click.
/// Like ACS, a repeated operation id is the same email: the file is created once, atomically.
/// It logs the file path only, not the link: the link carries the invitation token, and tokens never go to logs.
/// </summary>
public sealed partial class LocalEmlEmailSender(
    IOptions<EmailOptions> options, IOptions<LocalDataOptions> localData, TimeProvider timeProvider, ILogger<LocalEmlEmailSender> logger) : IEmailSender
{
    private readonly EmailOptions _options = options?.Value ?? throw new ArgumentNullException(nameof(options));

    /// <summary>The absolute output directory: the mail folder of the local data folder.</summary>
    public string OutputDirectory { get; } = localData?.Value.MailDirectory ?? throw new ArgumentNullException(nameof(localData));

    public string PathFor(Guid operationId) => Path.Combine(OutputDirectory, $"{operationId:D}.eml");

    public async Task<EmailSendOutcome> SendAsync(EmailMessage message, Guid operationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var path = PathFor(operationId);
        if (File.Exists(path))
        {
            LogDuplicate(logger, operationId, path);
            return new EmailAccepted(operationId, operationId.ToString("D"));
        }

        Directory.CreateDirectory(OutputDirectory);
        var eml = EmlWriter.Write(message, _options.SenderAddress, _options.ProductName, operationId, timeProvider.GetUtcNow());

        // Write aside, then move into place without overwriting: two workers with the same id leave one file.
        var temporary = Path.Combine(OutputDirectory, $".{operationId:N}.{Guid.NewGuid():N}.tmp");
        await File.WriteAllTextAsync(temporary, eml, cancellationToken);
        try
        {
            File.Move(temporary, path, overwrite: false);
            LogWritten(logger, operationId, path);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            LogDuplicate(logger, operationId, path);
        }

        return new EmailAccepted(operationId, operationId.ToString("D"));
    }

    public Task<EmailOperationStatus> GetOperationStatusAsync(Guid operationId, CancellationToken cancellationToken) =>
        Task.FromResult(File.Exists(PathFor(operationId))
            ? new EmailOperationStatus(EmailOperationState.Succeeded)
            : new EmailOperationStatus(EmailOperationState.NotFound));

    [LoggerMessage(EventId = 4111, Level = LogLevel.Information, Message = "Email {OperationId} written to {Path} (open it to follow the link)")]
    private static partial void LogWritten(ILogger logger, Guid operationId, string path);

    [LoggerMessage(EventId = 4112, Level = LogLevel.Information, Message = "Email {OperationId} was already written to {Path}; not written again")]
    private static partial void LogDuplicate(ILogger logger, Guid operationId, string path);
}
