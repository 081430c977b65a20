using System.Globalization;
using System.Text.RegularExpressions;
using TimeBank.Api.Certificates;
using TimeBank.Ledger.Certificates;
using TimeBank.TestSupport;

namespace TimeBank.Api.Tests.Certificates;

/// <summary>
/// The printed certificate read back as its holder's tools read it: poppler's pdftotext finds the person, the number, the
/// code and the total in Chinese; pdffonts finds the Chinese font embedded; a phone-like reader (zbarimg, on the page
/// rasterized at 200 dpi) decodes the QR code to the verification address exactly. No database.
/// </summary>
public sealed partial class CertificatePdfTests
{
    // A signed token in the address, longer (~1,400 characters) than a compact one should be: the QR code grows to stay readable.
    private static readonly string LongAddress =
        "https://timebank.example.cn/v/" + string.Concat(Enumerable.Repeat("eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0", 40)) + ".MEUCIQD-signature_part";

    [Fact]
    public async Task A_certificate_prints_the_person_the_number_the_code_and_the_total_in_an_embedded_Chinese_font_with_a_QR_of_its_address()
    {
        var content = Content(
            "310104-2026-000012",
            [
                Record("社区敬老院陪伴", new DateOnly(2026, 3, 7), "陪伴老人聊天、读报，协助午餐", 150),
                Record("垃圾分类宣传", new DateOnly(2026, 4, 18), "在小区门口指导居民垃圾分类投放", 240),
                Record("图书馆志愿者", new DateOnly(2026, 5, 2), "整理书架，为读者提供借阅咨询", 360),
            ]);
        var print = new CertificatePrint(content, "ABCDEFGHJKMN", "李小梅", "居民身份证", "110101********1234", LongAddress, CertificatePrintStatus.Issued);

        using var pdf = await PrintedAsync(print);

        var text = await pdf.TextAsync();
        Assert.Contains("志愿服务记录证明", text, StringComparison.Ordinal);
        Assert.Contains("李小梅", text, StringComparison.Ordinal);
        Assert.Contains("310104-2026-000012", text, StringComparison.Ordinal);
        Assert.Contains("ABCD-EFGH-JKMN", text, StringComparison.Ordinal);
        Assert.Contains("累计志愿服务时长：12.5 小时", text, StringComparison.Ordinal);
        Assert.Contains("110101********1234", text, StringComparison.Ordinal);
        Assert.Contains("V-0042", text, StringComparison.Ordinal);
        Assert.Contains("垃圾分类宣传", text, StringComparison.Ordinal);
        Assert.Contains("2026-04-18", text, StringComparison.Ordinal);
        Assert.Contains("三星级", text, StringComparison.Ordinal);
        Assert.Contains("王主任", text, StringComparison.Ordinal);
        Assert.Matches(PageNumber(1, 1), text);
        Assert.Matches(@"4\.0\b", text);
        Assert.DoesNotContain("已撤销", text, StringComparison.Ordinal);

        var fonts = await pdf.FontsAsync();
        Assert.NotEmpty(fonts);
        Assert.All(fonts, font => Assert.True(font.Embedded && font.Subset && font.ToUnicode, $"{font.Name} ({font.Type}): embedded {font.Embedded}, subset {font.Subset}, ToUnicode {font.ToUnicode}"));
        Assert.All(fonts, font => Assert.Contains("TrueType", font.Type, StringComparison.Ordinal));
        Assert.Contains(fonts, font => font.Name.Contains("WenQuanYi", StringComparison.Ordinal));

        Assert.Equal(LongAddress, await pdf.QrCodeOfFirstPageAsync());
        Assert.Equal(1, await pdf.PagesAsync());
    }

    [Fact]
    public async Task A_long_certificate_continues_its_table_on_numbered_pages_each_with_the_header_and_wraps_long_content()
    {
        var longContent = string.Concat(Enumerable.Repeat("协助社区开展防汛物资清点与分发工作，", 12)) + "结束标记甲乙丙";
        var records = Enumerable.Range(1, 80)
            .Select(i => Record(
                $"社区服务项目{i}",
                new DateOnly(2026, 1, 1).AddDays(i),
                i == 40 ? longContent : $"第{i}次服务：清扫楼道与慰问独居老人",
                30 + (i * 5)))
            .ToList();
        var content = Content("310104-2026-000013", records);
        var print = new CertificatePrint(content, "ABCDEFGHJKMN", "张伟", "居民身份证", "110101********5678", "https://timebank.example.cn/v/short", CertificatePrintStatus.Issued);

        using var pdf = await PrintedAsync(print);

        var pages = await pdf.PagesAsync();
        Assert.True(pages > 1, $"{pages} page(s)");
        var text = await pdf.TextAsync();
        Assert.Contains("第80次服务：清扫楼道与慰问独居老人", text, StringComparison.Ordinal);
        // The long content is wrapped in its cell: its end is there, lines below its start.
        Assert.Contains("甲乙丙", text, StringComparison.Ordinal);
        var totalHours = CertificatePdf.Hours(records.Sum(r => r.Minutes));
        Assert.Contains($"累计志愿服务时长：{totalHours} 小时", text, StringComparison.Ordinal);
        for (var page = 1; page <= pages; page++)
        {
            var pageText = await pdf.TextAsync(page);
            Assert.Matches(PageNumber(page, pages), pageText);
            Assert.Contains("310104-2026-000013", pageText, StringComparison.Ordinal);
            if (page < pages)
            {
                Assert.Contains("时长(小时)", pageText, StringComparison.Ordinal);
            }
        }

        // Every record once, in order: numbered 1..80 in the first column.
        Assert.Equal(Enumerable.Range(1, 80), RecordNumbers().Matches(text).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)));
        Assert.Equal("https://timebank.example.cn/v/short", await pdf.QrCodeOfFirstPageAsync());
    }

    [Fact]
    public async Task A_revoked_certificate_of_an_erased_person_is_stamped_revoked_and_names_no_one()
    {
        var content = Content("310104-2026-000014", [Record("社区敬老院陪伴", new DateOnly(2026, 3, 7), "陪伴老人聊天", 90)]);
        var print = new CertificatePrint(content, "ABCDEFGHJKMN", "（已删除）", "（已删除）", "（已删除）", "https://timebank.example.cn/v/x", CertificatePrintStatus.Revoked);

        using var pdf = await PrintedAsync(print);

        var text = await pdf.TextAsync();
        Assert.Contains("已撤销", text, StringComparison.Ordinal);
        Assert.Contains("REVOKED", text, StringComparison.Ordinal);
        Assert.Contains("姓名：（已删除）", text, StringComparison.Ordinal);
        Assert.Contains("累计志愿服务时长：1.5 小时", text, StringComparison.Ordinal);
        Assert.Equal("https://timebank.example.cn/v/x", await pdf.QrCodeOfFirstPageAsync());
    }

    [Fact]
    public async Task A_record_longer_than_a_page_continues_on_the_next_page()
    {
        // 2000 characters: the longest content a record may have (TextLimits).
        var content = string.Concat(Enumerable.Range(0, 100).Select(i => string.Create(CultureInfo.InvariantCulture, $"第{i:000}段清扫楼道。"))).PadRight(1995, '扫') + "最后五个字";
        var print = new CertificatePrint(
            Content("310104-2026-000015", [Record("社区敬老院陪伴", new DateOnly(2026, 3, 7), content, 90), Record("图书馆志愿者", new DateOnly(2026, 3, 8), "整理书架", 60)]),
            "ABCDEFGHJKMN", "李小梅", "居民身份证", "110101********1234", "https://timebank.example.cn/v/y", CertificatePrintStatus.Issued);

        using var pdf = await PrintedAsync(print);

        Assert.True(await pdf.PagesAsync() > 1);
        var text = await pdf.TextAsync();
        Assert.Contains("第000段", text, StringComparison.Ordinal);
        Assert.Contains("第099段", text, StringComparison.Ordinal);
        Assert.Contains("最后五个字", text, StringComparison.Ordinal);
        Assert.Contains("整理书架", text, StringComparison.Ordinal);
        Assert.Contains("累计志愿服务时长：2.5 小时", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Certificates_render_side_by_side()
    {
        await PdfTools.EnsureInstalledAsync();
        var prints = Enumerable.Range(1, 8)
            .Select(i => new CertificatePrint(
                Content(string.Create(CultureInfo.InvariantCulture, $"310104-2026-{i:D6}"), [Record("垃圾分类宣传", new DateOnly(2026, 4, 18), "指导居民分类投放", 60 * i)]),
                "ABCDEFGHJKMN", "张伟", "居民身份证", "110101********5678", "https://timebank.example.cn/v/" + i, CertificatePrintStatus.Issued))
            .ToList();

        var documents = await Task.WhenAll(prints.Select(print => Task.Run(() => CertificatePdf.Render(print))));

        for (var i = 0; i < prints.Count; i++)
        {
            var folder = Directory.CreateTempSubdirectory("timebank-certificate-");
            var file = Path.Combine(folder.FullName, "certificate.pdf");
            await File.WriteAllBytesAsync(file, documents[i]);
            using var pdf = new PrintedPdf(folder.FullName, file);
            var text = await pdf.TextAsync();
            Assert.Contains(prints[i].Content.Number, text, StringComparison.Ordinal);
            Assert.Contains($"累计志愿服务时长：{i + 1}.0 小时", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_star_certificate_prints_its_title_and_level_instead_of_the_records()
    {
        var content = Content("310104-2026-000009", []) with { Kind = CertificateKind.Star, TotalMinutes = 36_000 };
        using var pdf = await PrintedAsync(new CertificatePrint(content, "ABCDEFGHJKMN", "张伟", "居民身份证", "110101********5678",
            "https://timebank.example.cn/v/9", CertificatePrintStatus.Issued));

        var text = await pdf.TextAsync();
        Assert.Contains(CertificatePdf.StarTitle, text, StringComparison.Ordinal);
        Assert.Contains("三星级", text, StringComparison.Ordinal);
        Assert.Contains("累计志愿服务时长：600.0 小时", text, StringComparison.Ordinal);
        Assert.DoesNotContain("序号", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(750, "12.5")]
    [InlineData(60, "1.0")]
    [InlineData(45, "0.75")]
    [InlineData(20, "0.33")]
    [InlineData(0, "0.0")]
    [InlineData(6001, "100.02")]
    public void Hours_are_printed_with_one_decimal_or_two_when_the_minutes_need_them(long minutes, string printed) =>
        Assert.Equal(printed, CertificatePdf.Hours(minutes));

    private static CertifiedRecord Record(string project, DateOnly day, string content, long minutes) =>
        new(Guid.CreateVersion7(), project, day, content, minutes);

    private static CertificateContent Content(string number, IReadOnlyList<CertifiedRecord> records) =>
        new(
            CertificateKind.Service,
            number,
            Guid.CreateVersion7(),
            Guid.CreateVersion7(),
            "V-0042",
            "digest",
            new CertificatePeriod(new DateOnly(2026, 1, 1), new DateOnly(2026, 6, 30)),
            records,
            records.Sum(r => r.Minutes),
            3,
            "上海市徐汇区枫林街道志愿服务中心",
            new CertificateSignatories("王主任", "陈经办", "021-6400 1234"),
            new DateOnly(2026, 7, 2),
            "本证明仅证明上述期间内在本单位记录的志愿服务。");

    private static async Task<PrintedPdf> PrintedAsync(CertificatePrint print)
    {
        await PdfTools.EnsureInstalledAsync();
        var folder = Directory.CreateTempSubdirectory("timebank-certificate-");
        var file = Path.Combine(folder.FullName, "certificate.pdf");
        await File.WriteAllBytesAsync(file, CertificatePdf.Render(print));
        return new PrintedPdf(folder.FullName, file);
    }

    /// <summary>"第 1 页 / 共 4 页", however pdftotext spaces it.</summary>
    private static Regex PageNumber(int page, int pages) =>
        new(string.Create(CultureInfo.InvariantCulture, $@"第\s*{page}\s*页\s*/\s*共\s*{pages}\s*页"));

    [GeneratedRegex(@"^\s*(\d{1,2})\s+社区服务项目\1\b", RegexOptions.Multiline)]
    private static partial Regex RecordNumbers();

    private sealed record PdfFont(string Name, string Type, bool Embedded, bool Subset, bool ToUnicode);

    /// <summary>A rendered certificate in a folder of its own, read with poppler and zbar; the folder goes with it.</summary>
    private sealed class PrintedPdf(string folder, string file) : IDisposable
    {
        public Task<string> TextAsync() => PdfTools.RunAsync("pdftotext", "-layout", "-enc", "UTF-8", file, "-");

        public Task<string> TextAsync(int page)
        {
            var number = page.ToString(CultureInfo.InvariantCulture);
            return PdfTools.RunAsync("pdftotext", "-layout", "-enc", "UTF-8", "-f", number, "-l", number, file, "-");
        }

        public async Task<int> PagesAsync()
        {
            var info = await PdfTools.RunAsync("pdfinfo", file);
            var line = info.Split('\n').Single(l => l.StartsWith("Pages:", StringComparison.Ordinal));
            return int.Parse(line["Pages:".Length..].Trim(), CultureInfo.InvariantCulture);
        }

        /// <summary>pdffonts' table: name, type, encoding, then emb, sub, uni (yes/no) and the object's number and generation.</summary>
        public async Task<IReadOnlyList<PdfFont>> FontsAsync()
        {
            var output = await PdfTools.RunAsync("pdffonts", file);
            return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Skip(2)
                .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Select(columns => new PdfFont(columns[0], string.Join(" ", columns[1..^6]), columns[^5] == "yes", columns[^4] == "yes", columns[^3] == "yes"))];
        }

        public async Task<string> QrCodeOfFirstPageAsync()
        {
            var image = Path.Combine(folder, "page1");
            await PdfTools.RunAsync("pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "1", "-singlefile", file, image);
            var decoded = await PdfTools.RunAsync("zbarimg", "--quiet", "--raw", image + ".png");
            return decoded.TrimEnd('\n');
        }

        public void Dispose() => Directory.Delete(folder, recursive: true);
    }
}
