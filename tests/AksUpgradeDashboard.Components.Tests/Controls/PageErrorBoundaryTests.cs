using AksUpgradeDashboard.Components.Controls;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace AksUpgradeDashboard.Components.Tests.Controls;

public class PageErrorBoundaryTests : DashboardTestContext
{
    [Fact]
    public void FailingAction_ShowsAMessageWithoutTheExceptionAndRecovers()
    {
        // Arrange: a page whose button throws (as a failed database call would)
        var cut = Render<PageErrorBoundary>(p => p.AddChildContent<FailingPage>());
        Assert.Empty(cut.FindAll("[data-testid='page-error']"));

        // Act
        cut.Find("button.fail").Click();

        // Assert: one message, no internals; the rest of the circuit carries on and the page can be tried again
        var error = cut.Find("[data-testid='page-error']");
        Assert.Contains("Something went wrong on this page.", error.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("connection string", cut.Markup, StringComparison.Ordinal);
        cut.Find("[data-testid='page-error-retry']").Click();
        Assert.Empty(cut.FindAll("[data-testid='page-error']"));
        Assert.Single(cut.FindAll("button.fail"));
    }

    private sealed class FailingPage : ComponentBase
    {
        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenElement(0, "button");
            builder.AddAttribute(1, "class", "fail");
            builder.AddAttribute(2, "onclick", EventCallback.Factory.Create(this, Fail));
            builder.AddContent(3, "Save");
            builder.CloseElement();
        }

        private static void Fail() => throw new InvalidOperationException("The connection string Host=db;Password=hunter2 failed.");
    }
}
