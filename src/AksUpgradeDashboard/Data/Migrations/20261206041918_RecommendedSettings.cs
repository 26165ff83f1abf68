using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AksUpgradeDashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class RecommendedSettings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "ApplyRecommendedSettings",
                table: "UpgradeWindows",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ApplyRecommendedSettings",
                table: "UpgradeWindows");
        }
    }
}
