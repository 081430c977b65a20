using PdfSharp.Fonts;
using TimeBank.LocalDatabase;

namespace TimeBank.Api.Certificates;

/// <summary>
/// The font the printed certificate is set in: WenQuanYi Micro Hei (文泉驿微米黑), a sans-serif font with TrueType outlines
/// (which PDFsharp can subset and embed, unlike the CFF outlines of Noto CJK) covering Chinese — GB 18030's common and
/// rarer characters, so that names print — and Latin letters and digits (Droid Sans Fallback, the font it grew from, has
/// no Latin: numbers and codes would not print). Debian ships it as a TrueType collection, which PDFsharp does not read;
/// its first face is taken out as a font of its own (<see cref="TrueTypeCollection"/>). <see cref="EnsureInstalledAsync"/>
/// installs the Debian package <see cref="Package"/> where it is missing (root on Debian); the service calls it at
/// start-up and the PDF tests before they render. See docs/adr/0034-certificate-pdf.md.
/// </summary>
public static class CertificateFont
{
    /// <summary>The Debian package that holds <see cref="FontFile"/>.</summary>
    public const string Package = "fonts-wqy-microhei";

    /// <summary>Where <see cref="Package"/> puts the font.</summary>
    public const string FontFile = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

    /// <summary>The family name certificates ask PDFsharp for; <see cref="Resolver"/> answers every name with this font.</summary>
    public const string FamilyName = "WenQuanYi Micro Hei";

    private static readonly Lock Gate = new();

    /// <summary>Whether the font is on this machine.</summary>
    public static bool IsInstalled => File.Exists(FontFile);

    /// <summary>
    /// Makes sure the font is on this machine: when it is missing, installs <see cref="Package"/> with apt-get if this process
    /// is root on Debian, and otherwise fails saying which package to install.
    /// </summary>
    /// <param name="logger">Told when the package is being installed; null for silence.</param>
    /// <exception cref="CertificateFontMissingException">The font is missing and could not be installed.</exception>
    public static async Task EnsureInstalledAsync(ILogger? logger, CancellationToken ct)
    {
        if (IsInstalled)
        {
            return;
        }

        if (!DebianPackages.CanInstall)
        {
            throw new CertificateFontMissingException(MissingMessage(""));
        }

        try
        {
            await DebianPackages.InstallAsync(Package, logger, ct).ConfigureAwait(false);
        }
        catch (DebianPackageException e)
        {
            throw new CertificateFontMissingException(MissingMessage($" Installing it failed: {e.Message}"), e);
        }

        if (!IsInstalled)
        {
            throw new CertificateFontMissingException(MissingMessage($" apt-get installed {Package}, but the file is still not there."));
        }
    }

    /// <summary>Fails with the message naming the package unless the font is on this machine.</summary>
    /// <exception cref="CertificateFontMissingException">The font is missing.</exception>
    public static void RequireInstalled()
    {
        if (!IsInstalled)
        {
            throw new CertificateFontMissingException(MissingMessage(""));
        }
    }

    /// <summary>
    /// Tells PDFsharp (once for the process: <see cref="GlobalFontSettings.FontResolver"/> is global) to find every font in
    /// <see cref="FontFile"/>.
    /// </summary>
    internal static void UseInPdfs()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is not Resolver)
            {
                GlobalFontSettings.FontResolver = new Resolver();
            }
        }
    }

    private static string MissingMessage(string detail) =>
        $"The certificate's Chinese font {FontFile} is missing: install the Debian package {Package} (sudo apt-get install {Package}).{detail}";

    /// <summary>
    /// Answers every family PDFsharp asks for with the certificate's font (the collection's first face, WenQuanYi Micro
    /// Hei; the second is its monospaced form); bold and italic are simulated. PDFsharp asks once per face and keeps it.
    /// </summary>
    private sealed class Resolver : IFontResolver
    {
        private const string FaceName = "WenQuanYiMicroHei";

        public FontResolverInfo ResolveTypeface(string familyName, bool isBold, bool isItalic) => new(FaceName, isBold, isItalic);

        public byte[] GetFont(string faceName)
        {
            RequireInstalled();
            return TrueTypeCollection.Face(File.ReadAllBytes(FontFile), 0);
        }
    }
}

/// <summary>The certificate's font is not on this machine and could not be installed; the message names the package to install.</summary>
public sealed class CertificateFontMissingException : Exception
{
    public CertificateFontMissingException()
        : base($"The certificate's Chinese font is missing: install the Debian package {CertificateFont.Package}.")
    {
    }

    public CertificateFontMissingException(string message)
        : base(message)
    {
    }

    public CertificateFontMissingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
